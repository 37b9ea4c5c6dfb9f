/**
 * Group commit: writes for one key that are asked for together go in one batch. The first call
 * for a key waits one turn of the event loop, so the calls made with it join it; calls made while
 * the key's batch is being written wait for the next one. One key's batches never overlap, so
 * they never race each other for the same item.
 *
 * Written here rather than taken from a batching library: DataLoader and its kin batch per turn
 * only, and would let a second batch of the key run while the first is in flight.
 */

interface Waiter<I, O> {
  readonly input: I;
  readonly resolve: (output: O) => void;
  readonly reject: (error: unknown) => void;
}

/** Writes a batch; one result per input, in order. */
export type BatchWrite<I, O> = (inputs: readonly I[]) => Promise<readonly PromiseSettledResult<O>[]>;

export class GroupCommit<I, O> {
  readonly #write: BatchWrite<I, O>;
  readonly #maxBatch: number;
  readonly #waiting = new Map<string, Waiter<I, O>[]>();

  constructor(write: BatchWrite<I, O>, maxBatch: number) {
    this.#write = write;
    this.#maxBatch = maxBatch;
  }

  submit(key: string, input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const waiting = this.#waiting.get(key);
      if (waiting !== undefined) {
        waiting.push({ input, resolve, reject });
        return;
      }
      const first = [{ input, resolve, reject }];
      this.#waiting.set(key, first);
      setImmediate(() => void this.#drain(key, first));
    });
  }

  /** Writes the key's batches one after another until none is waiting. */
  async #drain(key: string, waiting: Waiter<I, O>[]): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting.splice(0, this.#maxBatch);
      try {
        const results = await this.#write(batch.map((waiter) => waiter.input));
        for (const [i, waiter] of batch.entries()) {
          const result = results[i];
          if (result?.status === 'fulfilled') waiter.resolve(result.value);
          else waiter.reject(result === undefined ? new Error('The batch write gave no result for this input') : result.reason);
        }
      } catch (error: unknown) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    this.#waiting.delete(key);
  }
}
