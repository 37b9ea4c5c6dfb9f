/**
 * OpenAI-compatible chat completions: OpenAI itself, Azure OpenAI's v1 API, vLLM, Ollama and
 * gateways that speak the same format. JSON mode and temperature 0, one request per call.
 */
import * as z from 'zod';
import type { Fetch } from '../outbound-http/http-request.ts';
import type { LlmClient, LlmRequest, LlmResponse } from './llm-client.ts';
import { pick, postJson } from './provider-http.ts';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
  usage: z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() }).optional(),
});

export interface OpenAiClientOptions {
  readonly model: string;
  /** The egress-guarded fetch the request goes through. */
  readonly fetch: Fetch;
  /** e.g. `https://api.openai.com/v1`, `https://<resource>.openai.azure.com/openai/v1`, `http://localhost:11434/v1`. */
  readonly baseUrl?: string;
  /** Sent as a Bearer token; self-hosted servers may not need one. */
  readonly apiKey?: string;
}

export class OpenAiLlmClient implements LlmClient {
  readonly #url: string;
  readonly #model: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: Fetch;

  constructor(options: OpenAiClientOptions) {
    this.#url = `${(options.baseUrl ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '')}/chat/completions`;
    this.#model = options.model;
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch;
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const answer = await postJson({
      url: this.#url,
      fetch: this.#fetch,
      headers: this.#apiKey === undefined ? {} : { authorization: `Bearer ${this.#apiKey}` },
      body: {
        model: this.#model,
        messages: [
          { role: 'system', content: request.system },
          { role: 'user', content: request.user },
        ],
        temperature: 0,
        // max_tokens rather than max_completion_tokens: every OpenAI-compatible server accepts it.
        max_tokens: request.maxTokens,
        response_format: { type: 'json_object' },
      },
      signal: request.signal,
      schema: completionSchema,
      errorCode: (body) => pick(body, 'error', 'code') ?? pick(body, 'error', 'type'),
      format: 'chat completions',
    });
    return {
      text: answer.choices[0]?.message.content ?? '',
      inputTokens: answer.usage?.prompt_tokens ?? 0,
      outputTokens: answer.usage?.completion_tokens ?? 0,
    };
  }
}
