/** The Anthropic Messages API: system prompt, one user turn, temperature 0, one request per call. */
import * as z from 'zod';
import type { Fetch } from '../outbound-http/http-request.ts';
import type { LlmClient, LlmRequest, LlmResponse } from './llm-client.ts';
import { pick, postJson } from './provider-http.ts';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

const messageSchema = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  usage: z.object({ input_tokens: z.number().int().nonnegative(), output_tokens: z.number().int().nonnegative() }).optional(),
});

export interface AnthropicClientOptions {
  readonly model: string;
  /** The egress-guarded fetch the request goes through. */
  readonly fetch: Fetch;
  readonly baseUrl?: string;
  readonly apiKey: string;
}

export class AnthropicLlmClient implements LlmClient {
  readonly #url: string;
  readonly #model: string;
  readonly #apiKey: string;
  readonly #fetch: Fetch;

  constructor(options: AnthropicClientOptions) {
    this.#url = `${(options.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/+$/, '')}/v1/messages`;
    this.#model = options.model;
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch;
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const answer = await postJson({
      url: this.#url,
      fetch: this.#fetch,
      headers: { 'x-api-key': this.#apiKey, 'anthropic-version': ANTHROPIC_VERSION },
      body: {
        model: this.#model,
        max_tokens: request.maxTokens,
        temperature: 0,
        system: request.system,
        messages: [{ role: 'user', content: request.user }],
      },
      signal: request.signal,
      schema: messageSchema,
      errorCode: (body) => pick(body, 'error', 'type'),
      format: 'Anthropic messages',
    });
    return {
      text: answer.content
        .filter((block) => block.type === 'text')
        .map((block) => block.text ?? '')
        .join(''),
      inputTokens: answer.usage?.input_tokens ?? 0,
      outputTokens: answer.usage?.output_tokens ?? 0,
    };
  }
}
