import { describe, expect, it, vi } from 'vitest';
import { CallFailedError, callWithinBudget, type RetryOptions } from '../../../../shared/adapters/llm/call-policy.ts';
import { ProviderError, providerErrorForStatus } from '../../../../shared/adapters/llm/llm-client.ts';

const fast: RetryOptions = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 };

function failing(...errors: Error[]) {
  let calls = 0;
  const attempt = async () => {
    const error = errors[calls];
    calls += 1;
    if (error !== undefined) throw error;
    return 'ok';
  };
  return { attempt, calls: () => calls };
}

async function failureOf(promise: Promise<unknown>): Promise<CallFailedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CallFailedError)) throw new Error(`expected a CallFailedError, got ${String(error)}`);
  return error;
}

describe('calling a provider within its time budget', () => {
  it('answers after one attempt when the provider answers', async () => {
    expect(await callWithinBudget(1_000, fast, async () => 'ok')).toEqual({ value: 'ok', attempts: 1 });
  });

  it('retries 429 and 5xx, then succeeds', async () => {
    const { attempt, calls } = failing(providerErrorForStatus(429), providerErrorForStatus(503));
    expect(await callWithinBudget(1_000, fast, attempt)).toEqual({ value: 'ok', attempts: 3 });
    expect(calls()).toBe(3);
  });

  it('gives up after two retries with the last error and the number of attempts', async () => {
    const { attempt, calls } = failing(
      providerErrorForStatus(500),
      providerErrorForStatus(500),
      providerErrorForStatus(500),
      providerErrorForStatus(500),
    );
    const error = await failureOf(callWithinBudget(1_000, fast, attempt));
    expect(error.message).toBe('500 server error, after 3 attempts');
    expect(calls()).toBe(3);
  });

  it('does not retry an error that is not retryable', async () => {
    const { attempt, calls } = failing(providerErrorForStatus(401), providerErrorForStatus(400));
    expect((await failureOf(callWithinBudget(1_000, fast, attempt))).message).toBe(
      '401 unauthorized (check the provider API key and its access)',
    );
    expect(calls()).toBe(1);
  });

  it('times out when the budget runs out, aborting the request', async () => {
    let aborted = false;
    const error = await failureOf(
      callWithinBudget(100, fast, (signal) => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
        return new Promise(() => undefined);
      }),
    );
    expect(error.message).toBe('timed out after 100 ms');
    expect(error.error.kind).toBe('timeout');
    expect(aborted).toBe(true);
  });

  it('does not retry when the Retry-After asked for is longer than what is left of the budget', async () => {
    const { attempt, calls } = failing(providerErrorForStatus(429, { retryAfter: '30' }));
    expect((await failureOf(callWithinBudget(1_000, fast, attempt))).message).toBe('429 rate limited');
    expect(calls()).toBe(1);
  });

  it('waits at least the Retry-After the provider asked for when it fits the budget', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { attempt, calls } = failing(new ProviderError('429 rate limited', { kind: 'rate-limited', status: 429, retryAfterMs: 150 }));
      const call = callWithinBudget(2_000, fast, attempt);
      await vi.advanceTimersByTimeAsync(149);
      expect(calls()).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls()).toBe(2);
      await expect(call).resolves.toEqual({ value: 'ok', attempts: 2 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets errors that are not provider errors through untouched', async () => {
    await expect(callWithinBudget(1_000, fast, async () => Promise.reject(new TypeError('bug')))).rejects.toThrow(TypeError);
  });
});
