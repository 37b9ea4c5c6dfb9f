/**
 * A small per-container memo of the incident each group (tenant and group hash) last joined.
 * Hand-written: a bounded Map is all this needs (an LRU library would add a dependency to the
 * triage function's bundle for one eviction rule).
 */
export class RecentIncidents {
  readonly #byGroup = new Map<string, string>();
  /** Groups whose first incident this container is opening right now, and when that ends. */
  readonly #opening = new Map<string, Promise<void>>();
  readonly #capacity: number;

  constructor(capacity = 1000) {
    this.#capacity = capacity;
  }

  get(tenant: string, groupHash: string): string | undefined {
    return this.#byGroup.get(`${tenant}\u0000${groupHash}`);
  }

  remember(tenant: string, groupHash: string, incidentId: string): void {
    // Bounded: the oldest entry goes first (a Map iterates in insertion order).
    if (this.#byGroup.size >= this.#capacity) this.#byGroup.delete(this.#byGroup.keys().next().value ?? '');
    this.#byGroup.set(`${tenant}\u0000${groupHash}`, incidentId);
  }

  forget(tenant: string, groupHash: string): void {
    this.#byGroup.delete(`${tenant}\u0000${groupHash}`);
  }

  /**
   * Alerts of one group in one batch: the first opens the incident, the others wait for it
   * (`settled`) instead of racing it to the same conditional write and losing.
   * Returns undefined when another call is opening it already.
   */
  beginOpening(tenant: string, groupHash: string): { end(): void } | undefined {
    const key = `${tenant}\u0000${groupHash}`;
    if (this.#opening.has(key)) return undefined;
    let end = () => {};
    this.#opening.set(
      key,
      new Promise<void>((resolve) => {
        end = resolve;
      }),
    );
    return {
      end: () => {
        this.#opening.delete(key);
        end();
      },
    };
  }

  /** Resolves once the group's incident being opened by another call is open (or failed to open). */
  settled(tenant: string, groupHash: string): Promise<void> | undefined {
    return this.#opening.get(`${tenant}\u0000${groupHash}`);
  }
}
