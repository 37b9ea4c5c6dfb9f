/**
 * Local HTTP servers that speak each LLM provider's wire format (OpenAI chat completions,
 * Anthropic messages, Bedrock Converse over REST, on HTTP/2 in cleartext like the SDK's default
 * handler expects), scripted per request, recording every request
 * they receive. Requests not shaped like the real API's get the real API's 400, so the adapters
 * are checked against the format too.
 *
 * @example
 * const server = await startFakeLlmServer('openai');
 * server.reply({ kind: 'status', status: 429 }, { kind: 'answer', answer: VALID_ANSWER });
 * // … point an adapter at server.baseUrl …
 * expect(server.requests).toHaveLength(2);
 * await server.close();
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, Http2ServerResponse, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import * as z from 'zod';

export type FakeLlmFormat = 'openai' | 'anthropic' | 'bedrock';

export type FakeReply =
  /** 200 with the model text: an object is sent as its JSON, a string as is. */
  | { readonly kind: 'answer'; readonly answer: unknown; readonly usage?: { readonly input: number; readonly output: number } }
  /** 200 whose model text is not JSON at all. */
  | { readonly kind: 'malformed' }
  /** An error status in the provider's error format. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  /** Waits `delayMs` (or until the client gives up), then sends `then` (a valid answer by default). */
  | { readonly kind: 'slow'; readonly delayMs: number; readonly then?: FakeReply }
  /** 200 with a body that is not the provider's response format. */
  | { readonly kind: 'wrong-format' };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The request's JSON body. */
  readonly body: unknown;
  readonly model: string;
  readonly system: string;
  readonly user: string;
  readonly maxTokens: number;
}

export interface FakeLlmServer {
  readonly format: FakeLlmFormat;
  /** What to configure as the provider's base URL (for Bedrock: the runtime endpoint). */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Queues replies, one per request, in order. */
  reply(...replies: FakeReply[]): void;
  /** The reply once the queue is empty (a valid answer unless set). */
  replyAlways(reply: FakeReply): void;
  /** Forgets requests, queued replies and the default reply. */
  reset(): void;
  close(): Promise<void>;
}

/** A valid triage answer. */
export const VALID_ANSWER = {
  category: 'Databases',
  service: 'postgresql',
  severity: 'critical',
  priority: 'P2',
  action: { name: 'notify', params: { message: 'Replication lag above 5 minutes' } },
  confidence: 0.87,
  rationale: 'PostgreSQL replication lag alert from the postgres exporter.',
} as const;

export const DEFAULT_USAGE = { input: 1200, output: 80 } as const;

const openAiRequest = z.object({
  model: z.string(),
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })).min(1),
  max_tokens: z.number().int().positive(),
  temperature: z.number().optional(),
  response_format: z.object({ type: z.string() }).optional(),
});
const anthropicRequest = z.object({
  model: z.string(),
  max_tokens: z.number().int().positive(),
  system: z.string().optional(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })).min(1),
  temperature: z.number().optional(),
});
const bedrockRequest = z.object({
  system: z.array(z.object({ text: z.string() })).optional(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.array(z.object({ text: z.string() })).min(1) })).min(1),
  inferenceConfig: z.object({ maxTokens: z.number().int().positive(), temperature: z.number().optional() }).optional(),
});

type Parsed = Pick<RecordedRequest, 'model' | 'system' | 'user' | 'maxTokens'>;

function parseRequest(format: FakeLlmFormat, path: string, body: unknown): Parsed | undefined {
  if (format === 'openai') {
    const request = openAiRequest.safeParse(body);
    if (path !== '/v1/chat/completions' || !request.success) return undefined;
    const text = (role: string) => request.data.messages.find((message) => message.role === role)?.content ?? '';
    return { model: request.data.model, system: text('system'), user: text('user'), maxTokens: request.data.max_tokens };
  }
  if (format === 'anthropic') {
    const request = anthropicRequest.safeParse(body);
    if (path !== '/v1/messages' || !request.success) return undefined;
    return {
      model: request.data.model,
      system: request.data.system ?? '',
      user: request.data.messages[0]?.content ?? '',
      maxTokens: request.data.max_tokens,
    };
  }
  const match = /^\/model\/([^/]+)\/converse$/.exec(path);
  const request = bedrockRequest.safeParse(body);
  if (match?.[1] === undefined || !request.success) return undefined;
  return {
    model: decodeURIComponent(match[1]),
    system: request.data.system?.map((block) => block.text).join('') ?? '',
    user: request.data.messages[0]?.content.map((block) => block.text).join('') ?? '',
    maxTokens: request.data.inferenceConfig?.maxTokens ?? 0,
  };
}

function successBody(format: FakeLlmFormat, model: string, text: string, usage: { input: number; output: number }): unknown {
  if (format === 'openai') {
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_760_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    };
  }
  if (format === 'anthropic') {
    return {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      usage: { input_tokens: usage.input, output_tokens: usage.output },
    };
  }
  return {
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason: 'end_turn',
    usage: { inputTokens: usage.input, outputTokens: usage.output, totalTokens: usage.input + usage.output },
    metrics: { latencyMs: 42 },
  };
}

const BEDROCK_ERRORS: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;

function respond(response: Response, status: number, headers: Record<string, string>, body: string): void {
  if (response instanceof Http2ServerResponse) {
    response.writeHead(status, headers);
    response.end(body);
  } else {
    response.writeHead(status, headers);
    response.end(body);
  }
}

function sendError(format: FakeLlmFormat, response: Response, status: number, message: string, retryAfter?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  let body: unknown;
  if (format === 'openai') {
    const type =
      status === 429
        ? 'rate_limit_exceeded'
        : status === 401
          ? 'invalid_api_key'
          : status >= 500
            ? 'server_error'
            : 'invalid_request_error';
    body = { error: { message, type, param: null, code: type } };
  } else if (format === 'anthropic') {
    const type =
      status === 429
        ? 'rate_limit_error'
        : status === 529
          ? 'overloaded_error'
          : status === 401
            ? 'authentication_error'
            : status >= 500
              ? 'api_error'
              : 'invalid_request_error';
    body = { type: 'error', error: { type, message } };
  } else {
    const type = BEDROCK_ERRORS[status] ?? (status >= 500 ? 'InternalServerException' : 'ValidationException');
    headers['x-amzn-errortype'] = `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
    body = { message };
  }
  respond(response, status, headers, JSON.stringify(body));
}

function readBody(request: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function startFakeLlmServer(format: FakeLlmFormat): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  let queue: FakeReply[] = [];
  let fallback: FakeReply = { kind: 'answer', answer: VALID_ANSWER };
  const timers = new Set<NodeJS.Timeout>();

  const gone = new WeakSet<Response>();
  const json = { 'content-type': 'application/json' };
  const send = (response: Response, reply: FakeReply, parsed: Parsed, headers: IncomingHttpHeaders): void => {
    if (gone.has(response)) return;
    switch (reply.kind) {
      case 'answer': {
        const text = typeof reply.answer === 'string' ? reply.answer : JSON.stringify(reply.answer);
        respond(response, 200, json, JSON.stringify(successBody(format, parsed.model, text, reply.usage ?? DEFAULT_USAGE)));
        return;
      }
      case 'malformed':
        respond(
          response,
          200,
          json,
          JSON.stringify(successBody(format, parsed.model, 'Sure! The category is {Databases, probably', DEFAULT_USAGE)),
        );
        return;
      case 'wrong-format':
        respond(response, 200, json, JSON.stringify({ unexpected: true }));
        return;
      case 'status': {
        // Like the real APIs, an auth error names (part of) the key it got: adapters must not echo it.
        const key = headers.authorization ?? headers['x-api-key'] ?? '';
        sendError(format, response, reply.status, `Scripted failure ${reply.status} for key ${String(key)}`, reply.retryAfter);
        return;
      }
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(response, reply.then ?? { kind: 'answer', answer: VALID_ANSWER }, parsed, headers);
        }, reply.delayMs);
        timers.add(timer);
        response.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
    }
  };

  const handle = (request: Request, response: Response): void => {
    response.on('close', () => gone.add(response));
    void (async () => {
      const text = await readBody(request);
      const body = parseJson(text);
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const parsed = request.method === 'POST' ? parseRequest(format, path, body) : undefined;
      if (parsed === undefined) {
        sendError(format, response, 400, `fake ${format} server: not a valid request to ${request.method} ${path}`);
        return;
      }
      requests.push({ method: request.method ?? '', path, headers: request.headers, body, ...parsed });
      send(response, queue.shift() ?? fallback, parsed, request.headers);
    })().catch((error: unknown) => {
      if (!response.headersSent) respond(response, 500, {}, String(error));
    });
  };

  // The Bedrock Runtime client speaks HTTP/2 only; the HTTP APIs are reached over HTTP/1.1 by fetch.
  const sessions = new Set<Http2Session>();
  let stop: () => Promise<void>;
  let port: number;
  if (format === 'bedrock') {
    const server = createHttp2Server(handle);
    server.on('session', (session) => {
      sessions.add(session);
      session.on('close', () => sessions.delete(session));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    stop = async () => {
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
    };
  } else {
    const server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    stop = async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
    };
  }
  const origin = `http://127.0.0.1:${port}`;

  return {
    format,
    baseUrl: format === 'openai' ? `${origin}/v1` : origin,
    requests,
    reply(...replies) {
      queue.push(...replies);
    },
    replyAlways(reply) {
      fallback = reply;
    },
    reset() {
      requests.length = 0;
      queue = [];
      fallback = { kind: 'answer', answer: VALID_ANSWER };
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await stop();
    },
  };
}

/**
 * Starts a fake server per wire format for the file's tests (reset before each, closed after
 * all), and a Bedrock client that finds its fake through AWS_ENDPOINT_URL_BEDROCK_RUNTIME, the
 * way it would find the real endpoint.
 */
export function useFakeLlmServers() {
  const servers: Partial<Record<FakeLlmFormat, FakeLlmServer>> = {};
  const savedEndpoint = process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
  let bedrock: BedrockRuntimeClient | undefined;
  const server = (format: FakeLlmFormat): FakeLlmServer => {
    const found = servers[format];
    if (found === undefined) throw new Error(`no fake ${format} server`);
    return found;
  };

  beforeAll(async () => {
    for (const format of ['openai', 'anthropic', 'bedrock'] as const) servers[format] = await startFakeLlmServer(format);
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = server('bedrock').baseUrl;
    bedrock = new BedrockRuntimeClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    bedrock?.destroy();
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
    else process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = savedEndpoint;
    await Promise.all(Object.values(servers).map((s) => s.close()));
  });

  beforeEach(() => {
    for (const s of Object.values(servers)) s.reset();
  });

  return {
    server,
    bedrock: (): BedrockRuntimeClient => {
      if (bedrock === undefined) throw new Error('no Bedrock client');
      return bedrock;
    },
  };
}
