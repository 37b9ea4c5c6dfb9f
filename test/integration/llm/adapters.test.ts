import { describe, expect, it } from 'vitest';
import { AnthropicLlmClient } from '../../../shared/adapters/llm/anthropic-client.ts';
import { BedrockLlmClient } from '../../../shared/adapters/llm/bedrock-client.ts';
import { type LlmClient, ProviderError } from '../../../shared/adapters/llm/llm-client.ts';
import { OpenAiLlmClient } from '../../../shared/adapters/llm/openai-client.ts';
import { DEFAULT_USAGE, type FakeLlmFormat, startFakeLlmServer, useFakeLlmServers, VALID_ANSWER } from '../../helpers/fake-llm-servers.ts';
import { localFetch } from '../../support/local-egress.ts';

const API_KEY = 'sk-test-ABCDEF0123456789-secret';
const request = (signal: AbortSignal = new AbortController().signal) => ({
  system: 'SYSTEM PROMPT',
  user: 'USER MESSAGE',
  maxTokens: 321,
  signal,
});

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

const { server, bedrock } = useFakeLlmServers();

function clientFor(format: FakeLlmFormat, baseUrl?: string): LlmClient {
  if (format === 'openai')
    return new OpenAiLlmClient({ model: 'gpt-4o-mini', baseUrl: baseUrl ?? server('openai').baseUrl, apiKey: API_KEY, fetch: localFetch });
  if (format === 'anthropic')
    return new AnthropicLlmClient({
      model: 'claude-3-5-haiku-latest',
      baseUrl: baseUrl ?? server('anthropic').baseUrl,
      apiKey: API_KEY,
      fetch: localFetch,
    });
  return new BedrockLlmClient(bedrock(), 'anthropic.claude-3-5-haiku-20241022-v1:0');
}

describe.each(['openai', 'anthropic', 'bedrock'] as const)('the %s adapter', (format) => {
  it('returns the model text and the token usage of a valid answer', async () => {
    const answer = await clientFor(format).complete(request());
    expect(JSON.parse(answer.text)).toEqual(VALID_ANSWER);
    expect(answer).toMatchObject({ inputTokens: DEFAULT_USAGE.input, outputTokens: DEFAULT_USAGE.output });
  });

  it('sends the system prompt, the user message, the model and the token limit in the wire format', async () => {
    await clientFor(format).complete(request());
    expect(server(format).requests).toMatchObject([{ system: 'SYSTEM PROMPT', user: 'USER MESSAGE', maxTokens: 321 }]);
  });

  it('asks for a deterministic answer (temperature 0)', async () => {
    await clientFor(format).complete(request());
    const body = server(format).requests[0]?.body;
    expect(format === 'bedrock' ? body : body).toMatchObject(
      format === 'bedrock' ? { inferenceConfig: { temperature: 0 } } : { temperature: 0 },
    );
  });

  it('reports 429 as a retryable rate limit', async () => {
    server(format).reply({ kind: 'status', status: 429, retryAfter: '2' });
    const error = await providerError(clientFor(format).complete(request()));
    expect(error).toMatchObject({ kind: 'rate-limited', retryable: true, status: 429 });
    expect(error.message).toMatch(/^429 /);
    if (format !== 'bedrock') expect(error.retryAfterMs).toBe(2_000);
  });

  it('reports 500 as a retryable server error', async () => {
    server(format).reply({ kind: 'status', status: 500 });
    expect(await providerError(clientFor(format).complete(request()))).toMatchObject({ kind: 'server', retryable: true, status: 500 });
  });

  it('reports 403 as a non-retryable auth error, without echoing the key the provider echoed', async () => {
    server(format).reply({ kind: 'status', status: 403 });
    const error = await providerError(clientFor(format).complete(request()));
    expect(error).toMatchObject({ kind: 'auth', retryable: false, status: 403 });
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain('ABCDEF0123456789');
  });

  it('reports a 200 that is not its wire format as a non-retryable invalid response', async () => {
    server(format).reply({ kind: 'wrong-format' });
    expect(await providerError(clientFor(format).complete(request()))).toMatchObject({ kind: 'invalid-response', retryable: false });
  });

  it('stops waiting when its signal is aborted', async () => {
    server(format).reply({ kind: 'slow', delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await providerError(clientFor(format).complete(request(controller.signal)))).toMatchObject({ kind: 'timeout', retryable: true });
  });
});

describe('the HTTP adapters', () => {
  it('send the OpenAI key as a Bearer token and ask for JSON mode', async () => {
    await clientFor('openai').complete(request());
    const [sent] = server('openai').requests;
    expect(sent?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.body).toMatchObject({ model: 'gpt-4o-mini', response_format: { type: 'json_object' } });
  });

  it('send the Anthropic key as x-api-key with the API version', async () => {
    await clientFor('anthropic').complete(request());
    const [sent] = server('anthropic').requests;
    expect(sent?.headers['x-api-key']).toBe(API_KEY);
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.body).toMatchObject({ model: 'claude-3-5-haiku-latest', max_tokens: 321 });
  });

  it('report a refused connection as a retryable network error', async () => {
    const closed = await startFakeLlmServer('openai');
    await closed.close();
    const error = await providerError(clientFor('openai', closed.baseUrl).complete(request()));
    expect(error).toMatchObject({ kind: 'network', retryable: true, message: 'network error (ECONNREFUSED)' });
  });
});

describe('the Bedrock adapter', () => {
  it('signs with the AWS credentials and sends no API key', async () => {
    await clientFor('bedrock').complete(request());
    const [sent] = server('bedrock').requests;
    expect(sent?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(sent?.model).toBe('anthropic.claude-3-5-haiku-20241022-v1:0');
  });

  it("names the SDK's modelled error", async () => {
    server('bedrock').reply({ kind: 'status', status: 429 });
    expect((await providerError(clientFor('bedrock').complete(request()))).message).toBe('429 ThrottlingException');
  });
});
