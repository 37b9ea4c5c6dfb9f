/**
 * What each tenant learned, as the triage consumer uses it: the model of its corrections and the
 * outcomes of its past actions (from its all-time counters). Read at most every `freshForMs` (2 s:
 * a correction reaches every instance within seconds). Hand-written for the same reason as RecentIncidents: a bounded Map.
 */
import type { ActionHistory } from '../../domain/stats/action-history.ts';
import { ACTION_HISTORY, TOTAL } from '../../domain/stats/periods.ts';
import type { StatsStore } from '../../domain/stats/stats-store.ts';
import type { LearningStore } from '../../domain/triage/learning/learning-store.ts';
import { type TenantModel, tenantModel } from '../../domain/triage/learning/tenant-model.ts';

export const LEARNING_FRESH_FOR_MS = 2_000;

export interface Learned {
  readonly model: TenantModel;
  readonly outcomes: ActionHistory;
}

export class LearnedModels {
  readonly #cache = new Map<string, { readonly learned: Learned; readonly readAt: number }>();
  readonly #store: Pick<LearningStore, 'model'>;
  readonly #stats: Pick<StatsStore, 'periods'> | undefined;
  readonly #freshForMs: number;
  readonly #capacity: number;
  readonly #now: () => number;

  constructor(
    store: Pick<LearningStore, 'model'>,
    options: { stats?: Pick<StatsStore, 'periods'>; freshForMs?: number; capacity?: number; now?: () => number } = {},
  ) {
    this.#store = store;
    this.#stats = options.stats;
    this.#freshForMs = options.freshForMs ?? LEARNING_FRESH_FOR_MS;
    this.#capacity = options.capacity ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  async of(tenant: string): Promise<Learned> {
    const cached = this.#cache.get(tenant);
    const now = this.#now();
    if (cached !== undefined && now - cached.readAt < this.#freshForMs) return cached.learned;
    const [learning, totals] = await Promise.all([this.#store.model(tenant), this.#stats?.periods(tenant, [TOTAL, ACTION_HISTORY])]);
    const total = totals?.get(TOTAL);
    // All time's item held the history before it had its own.
    const history = totals?.get(ACTION_HISTORY)?.actionHistory ?? total?.actionHistory ?? {};
    // Prepared again on every read (microseconds): the tenant's alert names move too.
    const model = tenantModel(learning, { alertNames: Object.keys(total?.alertNames ?? {}) });
    const learned = { model, outcomes: history };
    this.#cache.delete(tenant);
    if (this.#cache.size >= this.#capacity) this.#cache.delete(this.#cache.keys().next().value ?? '');
    this.#cache.set(tenant, { learned, readAt: now });
    return learned;
  }
}
