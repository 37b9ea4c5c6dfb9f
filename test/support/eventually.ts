/**
 * The one way tests wait for something asynchronous to happen: poll `read` (vitest's waitFor)
 * until it gives a value other than undefined, or fail naming `what` and the last value seen.
 */
import { vi } from 'vitest';

export async function eventually<T>(
  what: string,
  read: () => Promise<T | undefined>,
  options: { readonly timeout?: number; readonly interval?: number } = {},
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await read();
      if (value === undefined) throw new Error(`${what}: not yet`);
      return value;
    },
    { timeout: options.timeout ?? 30_000, interval: options.interval ?? 100 },
  );
}
