import { describe, expect, it } from 'vitest';
import { enforceRateLimit, limitUnauthenticated, type RateLimitDeps } from '../../../../shared/app/auth/enforce-rate-limit.ts';
import { recordDenial } from '../../../../shared/app/auth/record-denial.ts';
import { TooManyRequestsError } from '../../../../shared/domain/errors.ts';
import type { Principal } from '../../../../shared/domain/roles.ts';
import { tenantConfigSchema } from '../../../../shared/domain/tenants/tenant-config.ts';
import { RecordingAuditLog } from '../../../support/in-memory/queues.ts';
import { InMemoryRateLimiter } from '../../../support/in-memory/rate-limiter.ts';

const now = new Date('2026-12-01T10:00:30.000Z');
const LIMITS = { apiPerMinute: 10, webhookPerMinute: 20, principalPerMinute: 4, unauthenticatedPerMinute: 3 };
const who = (subject: string): Principal => ({ subject, tenant: 'acme', roles: ['approver'], via: 'jwt' });

function deps(config: unknown = {}): RateLimitDeps & { limiter: InMemoryRateLimiter; audit: RecordingAuditLog } {
  return {
    limiter: new InMemoryRateLimiter(),
    limits: LIMITS,
    configOf: async () => tenantConfigSchema.parse(config),
    audit: new RecordingAuditLog(),
    now: () => now,
  };
}

async function allowed(run: () => Promise<void>, times: number): Promise<number> {
  let passed = 0;
  for (let i = 0; i < times; i++) {
    try {
      await run();
      passed++;
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
    }
  }
  return passed;
}

describe('request rates', () => {
  it('stop one principal at its own limit while the others of its tenant go on', async () => {
    const d = deps();
    expect(await allowed(() => enforceRateLimit(d, who('script'), 'api', 'GET /v1/alerts', 'c'), 20)).toBe(4);
    expect(await allowed(() => enforceRateLimit(d, who('alice'), 'api', 'POST /v1/approvals/{id}/approve', 'c'), 1)).toBe(1);
    // One entry for the window: every refusal in it carries the same event id, which the audit log keeps once.
    expect(new Set(d.audit.events.map((event) => event.eventId)).size).toBe(1);
    expect(new Set(d.audit.events.map((event) => event.data.scope))).toEqual(new Set(['principal']));
  });

  it("hold a tenant to the operator's limit, however high the tenant sets its own", async () => {
    const d = deps({ limits: { apiRequestsPerMinute: 1_000_000 } });
    const callers = Array.from({ length: 5 }, (_, i) => who(`user-${i}`));
    let passed = 0;
    for (const caller of callers) passed += await allowed(() => enforceRateLimit(d, caller, 'api', 'GET /v1/alerts', 'c'), 4);
    expect(passed).toBe(10);
  });

  it('let a tenant lower its own limit, and limit webhooks by default', async () => {
    const lowered = deps({ limits: { apiRequestsPerMinute: 2 } });
    expect(await allowed(() => enforceRateLimit(lowered, who('alice'), 'api', 'GET /v1/alerts', 'c'), 4)).toBe(2);
    const webhooks = deps();
    const senders = Array.from({ length: 8 }, (_, i) => who(`integration-${i}`));
    let passed = 0;
    for (const sender of senders)
      passed += await allowed(() => enforceRateLimit(webhooks, sender, 'webhook', 'POST /v1/webhooks/{source}', 'c'), 4);
    expect(passed).toBe(20);
  });

  it('count requests that fail authentication by source address', async () => {
    const d = deps();
    expect(await allowed(() => limitUnauthenticated(d, '198.51.100.9'), 5)).toBe(3);
    expect(await allowed(() => limitUnauthenticated(d, '198.51.100.10'), 1)).toBe(1);
  });
});

describe('refusals in the audit log', () => {
  it('are recorded once per principal, route and minute, then at the 10th, 100th and 1000th, with the count', async () => {
    const d = deps();
    const denial = {
      who: { subject: 'mallory', tenant: 'acme' },
      route: 'PUT /v1/tenants/{tenant}/config',
      sourceIp: '198.51.100.9',
      correlationId: 'c',
      reason: 'needs admin',
    };
    for (let i = 0; i < 1500; i++) await recordDenial(d, denial);
    await recordDenial(d, { ...denial, route: 'GET /v1/audit' });
    expect(d.audit.events.map((event) => [event.data.route, event.data.count])).toEqual([
      ['PUT /v1/tenants/{tenant}/config', 1],
      ['PUT /v1/tenants/{tenant}/config', 10],
      ['PUT /v1/tenants/{tenant}/config', 100],
      ['PUT /v1/tenants/{tenant}/config', 1000],
      ['GET /v1/audit', 1],
    ]);
    expect(new Set(d.audit.events.map((event) => event.eventId)).size).toBe(5);
    expect(d.audit.events[0]).toMatchObject({ type: 'auth.denied', actor: 'mallory', tenant: 'acme' });
  });
});
