/**
 * Each tenant's learned model as the triage consumer uses it: read from the store at most every
 * `freshForMs` (2 s: a correction reaches every instance within seconds), and prepared again only
 * when its version moved. Hand-written for the same reason as RecentIncidents: a bounded Map.
 */
import type { LearningStore } from '../../domain/triage/learning/learning-store.ts';
import { type TenantModel, tenantModel } from '../../domain/triage/learning/tenant-model.ts';

export const LEARNING_FRESH_FOR_MS = 2_000;

export class LearnedModels {
  readonly #cache = new Map<string, { readonly model: TenantModel; readonly readAt: number }>();
  readonly #store: Pick<LearningStore, 'model'>;
  readonly #freshForMs: number;
  readonly #capacity: number;
  readonly #now: () => number;

  constructor(store: Pick<LearningStore, 'model'>, options: { freshForMs?: number; capacity?: number; now?: () => number } = {}) {
    this.#store = store;
    this.#freshForMs = options.freshForMs ?? LEARNING_FRESH_FOR_MS;
    this.#capacity = options.capacity ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  async of(tenant: string): Promise<TenantModel> {
    const cached = this.#cache.get(tenant);
    const now = this.#now();
    if (cached !== undefined && now - cached.readAt < this.#freshForMs) return cached.model;
    const learning = await this.#store.model(tenant);
    const model = cached !== undefined && cached.model.version === learning.version ? cached.model : tenantModel(learning);
    this.#cache.delete(tenant);
    if (this.#cache.size >= this.#capacity) this.#cache.delete(this.#cache.keys().next().value ?? '');
    this.#cache.set(tenant, { model, readAt: now });
    return model;
  }
}
