/** Reads that meet a passing failure are asked again, after the wait the API asks for; writes never. */
import { describe, expect, it } from 'vitest';
import { retryingFetch } from '../src/retrying-fetch.ts';

function scripted(answers: Array<number | Error>) {
  const seen: string[] = [];
  const inner = async (request: Request) => {
    seen.push(`${request.method} ${request.headers.get('authorization')}`);
    const next = answers.shift();
    if (next === undefined) throw new Error('asked once too often');
    if (next instanceof Error) throw next;
    return new Response(JSON.stringify({ status: next }), { status: next, headers: next === 503 ? { 'Retry-After': '2' } : {} });
  };
  return { inner, seen };
}

function recordedSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const get = () => new Request('https://api.example/v1/stats/dashboard', { headers: { Authorization: 'Bearer t' } });

describe('retryingFetch', () => {
  it('asks a read again after a 503, waiting its Retry-After, with the same headers', async () => {
    const { inner, seen } = scripted([503, 200]);
    const { waits, sleep } = recordedSleep();
    const response = await retryingFetch(inner, { sleep })(get());
    expect(response.status).toBe(200);
    expect(seen).toEqual(['GET Bearer t', 'GET Bearer t']);
    expect(waits).toEqual([2_000]);
  });

  it('backs off after a 502 or 504 and a dropped connection, then gives the last answer', async () => {
    const { inner, seen } = scripted([new TypeError('Failed to fetch'), 504, 502]);
    const { waits, sleep } = recordedSleep();
    const response = await retryingFetch(inner, { sleep, retries: 2 })(get());
    expect(response.status).toBe(502);
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([500, 1_000]);
  });

  it('throws the network error of the last try', async () => {
    const { inner } = scripted([new TypeError('one'), new TypeError('two')]);
    await expect(retryingFetch(inner, { retries: 1, sleep: async () => {} })(get())).rejects.toThrow('two');
  });

  it('caps the wait, whatever Retry-After asks', async () => {
    const inner = async () => new Response('', { status: 503, headers: { 'Retry-After': '3600' } });
    const { waits, sleep } = recordedSleep();
    await retryingFetch(inner, { sleep, retries: 1, maxWaitMs: 5_000 })(get());
    expect(waits).toEqual([5_000]);
  });

  it("asks again after the gateway's 500 for a crashed function, never after the API's own", async () => {
    const answers = [
      new Response('{"message":"Internal Server Error"}', { status: 500, headers: { 'content-type': 'application/json' } }),
      new Response('{"title":"bug"}', { status: 500, headers: { 'content-type': 'application/problem+json' } }),
    ];
    let asked = 0;
    const inner = async () => answers[asked++] ?? new Response('', { status: 200 });
    const response = await retryingFetch(inner, { sleep: async () => {} })(get());
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(asked).toBe(2);
  });

  it('answers a client error at once', async () => {
    const { inner, seen } = scripted([404]);
    expect((await retryingFetch(inner, { sleep: async () => {} })(get())).status).toBe(404);
    expect(seen).toHaveLength(1);
  });

  it('never sends a write twice', async () => {
    const { inner, seen } = scripted([503]);
    const post = new Request('https://api.example/v1/approvals/a/approve', { method: 'POST', body: '{}' });
    expect((await retryingFetch(inner, { sleep: async () => {} })(post)).status).toBe(503);
    expect(seen).toEqual(['POST null']);
  });

  it('never retries a read the page aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { inner, seen } = scripted([new DOMException('aborted', 'AbortError')]);
    const request = new Request('https://api.example/v1/incidents', { signal: controller.signal });
    await expect(retryingFetch(inner, { sleep: async () => {} })(request)).rejects.toThrow('aborted');
    expect(seen).toHaveLength(1);
  });
});
