import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryOnConflict } from '../../../shared/app/retry-on-conflict.ts';
import { ConflictError, ServiceUnavailableError } from '../../../shared/domain/errors.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** An attempt that loses `losses` races, then lands. */
function losing(losses: number) {
  const attempts: number[] = [];
  const attempt = async (n: number) => {
    attempts.push(n);
    if (n <= losses) throw new ConflictError('someone else wrote first');
    return `landed on attempt ${n}`;
  };
  return { attempts, attempt };
}

describe('retryOnConflict', () => {
  it('runs the attempt again after each lost race, until it lands', async () => {
    const { attempts, attempt } = losing(2);
    const result = retryOnConflict(attempt, { attempts: 5 });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('landed on attempt 3');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('waits a jittered, growing backoff between attempts', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { attempts, attempt } = losing(2);
    const result = retryOnConflict(attempt, { attempts: 5, baseDelayMs: 10 });
    await vi.advanceTimersByTimeAsync(19);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(40);
    await expect(result).resolves.toBe('landed on attempt 3');
  });

  it('gives up after the last attempt with what `exhausted` makes of the conflict', async () => {
    const { attempts, attempt } = losing(10);
    const result = retryOnConflict(attempt, {
      attempts: 3,
      exhausted: (error) => new ServiceUnavailableError('too busy', 2, { cause: error }),
    });
    const settled = expect(result).rejects.toThrow(ServiceUnavailableError);
    await vi.runAllTimersAsync();
    await settled;
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('lets any other error through at once', async () => {
    const attempts: number[] = [];
    const result = retryOnConflict(
      async (n) => {
        attempts.push(n);
        throw new Error('the table is gone');
      },
      { attempts: 5 },
    );
    await expect(result).rejects.toThrow('the table is gone');
    expect(attempts).toEqual([1]);
  });
});
