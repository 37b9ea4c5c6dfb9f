/**
 * A circuit breaker per tenant and provider whose state is shared by every Lambda instance
 * through a store (DynamoDB in production, see circuit-breaker-store.ts):
 *
 *   closed ──(threshold consecutive failures)──► open ──(halfOpenAfterMs)──► half-open
 *     ▲                                           ▲                            │ one probe
 *     └──────────────── probe succeeds ───────────┴──── probe fails ───────────┘
 *
 * When the open period ends, exactly one caller claims the probe with a conditional write; the
 * others keep seeing the circuit open. A probe whose caller vanished (a Lambda timed out
 * mid-call) loses its claim after a lease, so the circuit cannot stay half-open forever.
 * "Consecutive" is approximate under concurrency: a success anywhere resets the count.
 */

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface BreakerState {
  readonly state: CircuitState;
  readonly failures: number;
  /** Epoch ms; while open, no call until then. */
  readonly openUntil?: number;
  /** Epoch ms; while half-open, the probe's claim lasts until then. */
  readonly probeUntil?: number;
}

export const CLOSED: BreakerState = { state: 'closed', failures: 0 };

/** The store's primitive transitions; each conditional one answers whether it won. */
export interface CircuitBreakerStore {
  read(key: string): Promise<BreakerState>;
  /** open (past openUntil) or half-open (past probeUntil) → half-open until `probeUntil`. */
  claimProbe(key: string, now: number, probeUntil: number): Promise<boolean>;
  /** Counts one more consecutive failure and answers the new state. */
  addFailure(key: string, now: number): Promise<BreakerState>;
  /** closed with at least `threshold` failures → open until `openUntil`. */
  open(key: string, now: number, threshold: number, openUntil: number): Promise<boolean>;
  /** half-open → open until `openUntil` (the probe failed). */
  reopen(key: string, now: number, openUntil: number): Promise<boolean>;
  /** `from` → closed with no failures (a probe succeeded, or a success in closed state). */
  close(key: string, now: number, from: 'closed' | 'half-open'): Promise<boolean>;
}

export type BreakerPermit =
  | { readonly allowed: true; readonly key: string; readonly probe: boolean; readonly failuresSeen: number }
  | { readonly allowed: false; readonly key: string; readonly reason: string; readonly state: CircuitState };

export interface SharedBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  readonly threshold?: number;
  /** How long the circuit stays open before one probe may go (default 30 s). */
  readonly halfOpenAfterMs?: number;
  /** Epoch ms; injected so tests can move time. */
  readonly now?: () => number;
}

export const DEFAULT_BREAKER_THRESHOLD = 5;
export const DEFAULT_HALF_OPEN_AFTER_MS = 30_000;

export function breakerKey(tenant: string, providerId: string): string {
  return `breaker#${tenant}#${providerId}`;
}

/**
 * @example
 * const permit = await breaker.acquire(breakerKey('acme', 'openai'), 18_000);
 * if (!permit.allowed) return abstain(permit.reason);
 * try { const answer = await call(); await breaker.onSuccess(permit); }
 * catch (error) { await breaker.onFailure(permit); }
 */
export class SharedCircuitBreaker {
  readonly #store: CircuitBreakerStore;
  readonly #threshold: number;
  readonly #halfOpenAfterMs: number;
  readonly #now: () => number;

  constructor(store: CircuitBreakerStore, options: SharedBreakerOptions = {}) {
    this.#store = store;
    this.#threshold = options.threshold ?? DEFAULT_BREAKER_THRESHOLD;
    this.#halfOpenAfterMs = options.halfOpenAfterMs ?? DEFAULT_HALF_OPEN_AFTER_MS;
    this.#now = options.now ?? Date.now;
  }

  /** May a call go? `probeLeaseMs` bounds how long a claimed probe keeps others out. */
  async acquire(key: string, probeLeaseMs: number): Promise<BreakerPermit> {
    const current = await this.#store.read(key);
    const now = this.#now();
    if (current.state === 'closed') return { allowed: true, key, probe: false, failuresSeen: current.failures };
    if (current.state === 'open' && now < (current.openUntil ?? 0)) {
      return { allowed: false, key, state: 'open', reason: `circuit open until ${new Date(current.openUntil ?? 0).toISOString()}` };
    }
    if (current.state === 'half-open' && now < (current.probeUntil ?? 0)) {
      return { allowed: false, key, state: 'half-open', reason: 'circuit open: another caller is probing the provider' };
    }
    if (await this.#store.claimProbe(key, now, now + probeLeaseMs))
      return { allowed: true, key, probe: true, failuresSeen: current.failures };
    return { allowed: false, key, state: 'half-open', reason: 'circuit open: another caller is probing the provider' };
  }

  /** Records a success; says so when it closed the circuit (a probe that answered). */
  async onSuccess(permit: BreakerPermit): Promise<'closed' | undefined> {
    if (!permit.allowed) return undefined;
    // Most calls succeed on a closed circuit with no failures: no write at all.
    if (permit.probe) return (await this.#store.close(permit.key, this.#now(), 'half-open')) ? 'closed' : undefined;
    if (permit.failuresSeen > 0) await this.#store.close(permit.key, this.#now(), 'closed');
    return undefined;
  }

  /** Records a failure; says so when it opened the circuit (or a failed probe opened it again). */
  async onFailure(permit: BreakerPermit): Promise<'opened' | undefined> {
    if (!permit.allowed) return undefined;
    const now = this.#now();
    if (permit.probe) return (await this.#store.reopen(permit.key, now, now + this.#halfOpenAfterMs)) ? 'opened' : undefined;
    const after = await this.#store.addFailure(permit.key, now);
    if (after.state === 'closed' && after.failures >= this.#threshold) {
      return (await this.#store.open(permit.key, now, this.#threshold, now + this.#halfOpenAfterMs)) ? 'opened' : undefined;
    }
    return undefined;
  }

  /** The state as stored, for tests and diagnostics. */
  state(key: string): Promise<BreakerState> {
    return this.#store.read(key);
  }
}
