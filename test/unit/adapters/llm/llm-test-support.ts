/** In-memory stand-ins for the LLM step's dependencies, and an alert to triage, for tests without I/O. */

import type { LlmClient, LlmRequest, LlmResponse } from '../../../../shared/adapters/llm/llm-client.ts';
import type { AlertRecord } from '../../../../shared/domain/alerts/alert-record.ts';
import type { BreakerState, CircuitBreakerStore } from '../../../../shared/domain/breaker.ts';
import { CLOSED } from '../../../../shared/domain/breaker.ts';
import type { ProviderConfig } from '../../../../shared/domain/tenants/tenant-config.ts';
import type { TokenBudget } from '../../../../shared/domain/triage/token-budget.ts';

export function alertRecord(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    tenant: 'acme',
    id: 'a1',
    source: 'alertmanager',
    fingerprint: 'c0ffee0123456789',
    revision: 1,
    status: 'firing',
    name: 'PostgresqlReplicationLag',
    severity: 'critical',
    summary: 'Postgresql replication lag (instance db-1:9187)',
    description: 'PostgreSQL replication lag is going up (> 30s)',
    labels: { alertname: 'PostgresqlReplicationLag', instance: 'db-1:9187', job: 'postgres', severity: 'critical' },
    annotations: { summary: 'Postgresql replication lag', runbook_url: 'https://runbooks.example/pg-lag' },
    startsAt: '2026-11-22T10:00:00.000Z',
    firstSeenAt: '2026-11-22T10:00:00.000Z',
    lastSeenAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:00:00.000Z',
    notifications: 1,
    pending: {},
    version: 1,
    ...overrides,
  };
}

export function provider(overrides: Partial<ProviderConfig> & Pick<ProviderConfig, 'id'>): ProviderConfig {
  return { type: 'openai', model: 'gpt-4o-mini', apiKeyRef: 'env:OPENAI_API_KEY', timeoutMs: 2_000, ...overrides };
}

export class InMemoryBreakerStore implements CircuitBreakerStore {
  readonly items = new Map<string, BreakerState>();

  async read(key: string): Promise<BreakerState> {
    return this.items.get(key) ?? CLOSED;
  }
  async claimProbe(key: string, now: number, probeUntil: number): Promise<boolean> {
    const s = this.items.get(key);
    if (s === undefined) return false;
    const claimable = (s.state === 'open' && (s.openUntil ?? 0) <= now) || (s.state === 'half-open' && (s.probeUntil ?? 0) <= now);
    if (claimable) this.items.set(key, { ...s, state: 'half-open', probeUntil });
    return claimable;
  }
  async addFailure(key: string): Promise<BreakerState> {
    const s = this.items.get(key) ?? CLOSED;
    const next = { ...s, failures: s.failures + 1 };
    this.items.set(key, next);
    return next;
  }
  async open(key: string, _now: number, threshold: number, openUntil: number): Promise<boolean> {
    const s = this.items.get(key) ?? CLOSED;
    if (s.state !== 'closed' || s.failures < threshold) return false;
    this.items.set(key, { ...s, state: 'open', openUntil });
    return true;
  }
  async reopen(key: string, _now: number, openUntil: number): Promise<boolean> {
    const s = this.items.get(key);
    if (s?.state !== 'half-open') return false;
    this.items.set(key, { state: 'open', failures: s.failures, openUntil });
    return true;
  }
  async close(key: string, _now: number, from: 'closed' | 'half-open'): Promise<boolean> {
    if ((this.items.get(key) ?? CLOSED).state !== from) return false;
    this.items.set(key, CLOSED);
    return true;
  }
}

export class InMemoryBudget implements TokenBudget {
  readonly usedByTenant = new Map<string, number>();
  async canSpend(tenant: string, dailyLimit: number): Promise<boolean> {
    return dailyLimit > 0 && (await this.used(tenant)) < dailyLimit;
  }
  async spend(tenant: string, tokens: number): Promise<void> {
    this.usedByTenant.set(tenant, (this.usedByTenant.get(tenant) ?? 0) + tokens);
  }
  async used(tenant: string): Promise<number> {
    return this.usedByTenant.get(tenant) ?? 0;
  }
}

/** A client that answers from a script: a response, an error to throw, or 'hang' until aborted. */
export class ScriptedClient implements LlmClient {
  readonly requests: LlmRequest[] = [];
  readonly #script: (LlmResponse | Error | 'hang')[];
  readonly #fallback: LlmResponse | Error | 'hang';

  constructor(script: (LlmResponse | Error | 'hang')[], fallback: LlmResponse | Error | 'hang' = answer({})) {
    this.#script = [...script];
    this.#fallback = fallback;
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    this.requests.push(request);
    const next = this.#script.shift() ?? this.#fallback;
    if (next === 'hang') {
      return new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    }
    if (next instanceof Error) throw next;
    return next;
  }
}

export function answer(fields: Record<string, unknown>, usage = { inputTokens: 1000, outputTokens: 100 }): LlmResponse {
  return {
    text: JSON.stringify({ category: 'Databases', confidence: 0.9, rationale: 'Replication lag on PostgreSQL.', ...fields }),
    ...usage,
  };
}

export const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
