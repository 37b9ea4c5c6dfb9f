/**
 * Request rates, counted in shared fixed windows of a minute:
 * - per tenant, webhooks and the rest of the API apart, at the operator's limit or the lower one
 *   the tenant sets;
 * - per principal, so one noisy caller (a leaked token, a runaway script) runs out before its
 *   tenant does and the approvers can still act;
 * - per source address, for requests that fail authentication, which have no tenant.
 * Going over answers 429 with Retry-After; the audit log records it once per window.
 */

import { createHash } from 'node:crypto';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { TooManyRequestsError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/roles.ts';
import type { OperatorLimits, RateLimiter } from '../../domain/tenants/rate-limiter.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';

export type RouteClass = 'webhook' | 'api';

export interface RateLimitDeps {
  readonly limiter: RateLimiter;
  readonly limits: OperatorLimits;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  readonly audit: AuditLog;
  readonly now?: () => Date;
}

const WINDOW_SECONDS = 60;

/** A subject or address as a key part: fixed length, no delimiter a caller could forge. */
export function keyPart(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/** The tenant's own limit, never above the operator's. */
export function tenantLimit(deps: Pick<RateLimitDeps, 'limits'>, config: TenantConfig, routeClass: RouteClass): number {
  const ceiling = routeClass === 'webhook' ? deps.limits.webhookPerMinute : deps.limits.apiPerMinute;
  const own = routeClass === 'webhook' ? config.limits.webhookRequestsPerMinute : config.limits.apiRequestsPerMinute;
  return Math.min(own ?? ceiling, ceiling);
}

export async function enforceRateLimit(
  deps: RateLimitDeps,
  principal: Principal,
  routeClass: RouteClass,
  route: string,
  correlationId: string,
): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  const config = await deps.configOf(principal.tenant);
  // The principal's own counter first: requests it is refused never use up its tenant's rate.
  const counters = [
    { key: `${principal.tenant}#principal#${keyPart(principal.subject)}`, limit: deps.limits.principalPerMinute, scope: 'principal' },
    { key: `${principal.tenant}#${routeClass}`, limit: tenantLimit(deps, config, routeClass), scope: 'tenant' },
  ] as const;
  for (const { key, limit, scope } of counters) {
    const verdict = await deps.limiter.consume(key, limit, WINDOW_SECONDS, now);
    if (verdict.allowed) continue;
    await deps.audit.send([
      {
        eventId: `ratelimit:${principal.tenant}:${scope === 'tenant' ? routeClass : keyPart(principal.subject)}:${verdict.windowStart}`,
        tenant: principal.tenant,
        time: now.toISOString(),
        type: 'ratelimit.exceeded',
        actor: principal.subject,
        subjects: {},
        correlationId,
        data: { scope, routeClass, route, limitPerMinute: limit, windowStart: new Date(verdict.windowStart * 1000).toISOString() },
      },
    ]);
    const whose = scope === 'tenant' ? 'this tenant' : 'you';
    throw new TooManyRequestsError(
      `Over ${limit} ${scope === 'tenant' ? `${routeClass} ` : ''}requests per minute for ${whose}; retry after ${verdict.retryAfterSeconds} s`,
      verdict.retryAfterSeconds,
    );
  }
}

/** A request that failed authentication, counted by its source address. */
export async function limitUnauthenticated(
  deps: Pick<RateLimitDeps, 'limiter' | 'limits' | 'now'>,
  sourceIp: string | undefined,
): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  const limit = deps.limits.unauthenticatedPerMinute;
  const verdict = await deps.limiter.consume(`anonymous#${keyPart(sourceIp ?? 'unknown')}`, limit, WINDOW_SECONDS, now);
  if (!verdict.allowed) {
    throw new TooManyRequestsError(
      `Over ${limit} unauthenticated requests per minute from your address; retry after ${verdict.retryAfterSeconds} s`,
      verdict.retryAfterSeconds,
    );
  }
}
