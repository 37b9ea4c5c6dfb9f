import { describe, expect, it } from 'vitest';
import { EgressRefusedError } from '../../../../shared/adapters/outbound-http/egress.ts';
import { type HttpRequest, readBodyUpTo, sendHttp, TransportError } from '../../../../shared/adapters/outbound-http/http-request.ts';
import { scriptedFetch } from '../../../support/remediation-fixtures.ts';

/** A response streaming `chunks`, noting whether the reader cancelled the rest. */
function streamed(chunks: string[]) {
  const state = { cancelled: false, pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[state.pulled++];
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { response: new Response(body), state };
}

describe('readBodyUpTo', () => {
  it('reads a body within the limit whole', async () => {
    const { response } = streamed(['{"ok":', 'true}']);
    expect(await readBodyUpTo(response, 11)).toEqual({ text: '{"ok":true}', truncated: false });
  });

  it('stops reading past the limit, keeps the first `limit` bytes, and cancels the rest of the stream', async () => {
    const { response, state } = streamed(['abcdef', 'ghijkl', 'never read']);
    expect(await readBodyUpTo(response, 8)).toEqual({ text: 'abcdefgh', truncated: true });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(4);
  });

  it('reads an empty body as empty', async () => {
    expect(await readBodyUpTo(new Response(null), 10)).toEqual({ text: '', truncated: false });
  });
});

describe('sendHttp, the one outbound request', () => {
  const request = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
    url: 'https://hooks.example.com/remediate',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    signal: new AbortController().signal,
    maxBytes: 1024,
    fetch: scriptedFetch({ status: 200 }).fetch,
    ...overrides,
  });

  it('hands a redirect back as an answer instead of following it', async () => {
    const fetchFn: typeof fetch = async (_input, init) => {
      expect(init?.redirect).toBe('manual');
      return new Response(null, { status: 307, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    };
    const answer = await sendHttp(request({ fetch: fetchFn }));
    expect(answer.status).toBe(307);
  });

  it("hands the egress policy's refusal on as itself, not as a network error", async () => {
    const refused = new TypeError('fetch failed', { cause: new EgressRefusedError('hooks.example.com resolves to 10.0.0.7') });
    const { fetch: fetchFn } = scriptedFetch(refused);
    await expect(sendHttp(request({ fetch: fetchFn }))).rejects.toBeInstanceOf(EgressRefusedError);
  });

  it('names the socket error by its code, never the URL', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:443'), { code: 'ECONNREFUSED' }),
    });
    const { fetch: fetchFn } = scriptedFetch(refused);
    const error = await sendHttp(request({ fetch: fetchFn })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', message: 'ECONNREFUSED' });
  });

  it('reads no more of the answer than it may', async () => {
    const { fetch: fetchFn } = scriptedFetch({ status: 200, body: 'x'.repeat(5000) });
    const answer = await sendHttp(request({ fetch: fetchFn, maxBytes: 100 }));
    expect(answer).toMatchObject({ status: 200, truncated: true });
    expect(answer.text).toHaveLength(100);
  });
});
