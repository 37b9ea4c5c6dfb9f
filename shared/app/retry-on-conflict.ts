/**
 * Optimistic concurrency, written once: `attempt` reads what it changes and writes it with a
 * condition on the version it read; a ConflictError (another writer got there first) runs it
 * again after a jittered exponential backoff, so racing writers stop colliding. Other errors
 * pass through. Hand-written: cockatiel's retry is for transient faults, not for re-reading.
 *
 * @example
 * await retryOnConflict(async () => {
 *   const alert = await alerts.get(tenant, id);
 *   await alerts.save({ record: change(alert), expectedVersion: alert.version });
 * }, { attempts: 5 });
 */
import { ConflictError } from '../domain/errors.ts';

export interface ConflictRetry {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** The backoff before attempt n + 1 is up to `baseDelayMs × 2^n` (default 5 ms; 0: none). */
  readonly baseDelayMs?: number;
  /** What to throw when every attempt lost its race (default: the last ConflictError). */
  readonly exhausted?: (error: ConflictError) => Error;
}

const MAX_EXPONENT = 7;

export async function retryOnConflict<T>(attempt: (attemptNumber: number) => Promise<T>, options: ConflictRetry): Promise<T> {
  const base = options.baseDelayMs ?? 5;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error: unknown) {
      if (!(error instanceof ConflictError)) throw error;
      if (n >= options.attempts) throw options.exhausted?.(error) ?? error;
      if (base > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * base * 2 ** Math.min(n, MAX_EXPONENT)));
    }
  }
}
