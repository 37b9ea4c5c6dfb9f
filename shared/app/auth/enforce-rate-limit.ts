/**
 * Per-tenant request rates: webhooks (off unless the tenant sets a limit) and the rest of the API.
 * Going over answers 429 with Retry-After, and the audit log records it once per window.
 */

import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { TooManyRequestsError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/roles.ts';
import type { RateLimiter } from '../../domain/tenants/rate-limiter.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';

export type RouteClass = 'webhook' | 'api';

export interface RateLimitDeps {
  readonly limiter: RateLimiter;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  readonly audit: AuditLog;
  readonly now?: () => Date;
}

const WINDOW_SECONDS = 60;

export async function enforceRateLimit(
  deps: RateLimitDeps,
  principal: Principal,
  routeClass: RouteClass,
  route: string,
  correlationId: string,
): Promise<void> {
  const { limits } = await deps.configOf(principal.tenant);
  const limit = routeClass === 'webhook' ? limits.webhookRequestsPerMinute : limits.apiRequestsPerMinute;
  if (limit === undefined) return;
  const now = (deps.now ?? (() => new Date()))();
  const verdict = await deps.limiter.consume(`${principal.tenant}#${routeClass}`, limit, WINDOW_SECONDS, now);
  if (verdict.allowed) return;
  await deps.audit.send([
    {
      eventId: `ratelimit:${principal.tenant}:${routeClass}:${verdict.windowStart}`,
      tenant: principal.tenant,
      time: now.toISOString(),
      type: 'ratelimit.exceeded',
      actor: principal.subject,
      subjects: {},
      correlationId,
      data: { routeClass, route, limitPerMinute: limit, windowStart: new Date(verdict.windowStart * 1000).toISOString() },
    },
  ]);
  throw new TooManyRequestsError(
    `Over ${limit} ${routeClass} requests per minute for this tenant; retry after ${verdict.retryAfterSeconds} s`,
    verdict.retryAfterSeconds,
  );
}
