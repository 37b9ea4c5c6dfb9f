/**
 * A known principal's refusal (a missing role, a vote on its own request, a forbidden action),
 * recorded in its tenant's audit log as `auth.denied`, aggregated so refusals cannot flood the
 * chain: per principal, route and minute, the first refusal is recorded, then the 10th, 100th,
 * 1000th…, each with the count so far. A caller hammering one route for a minute adds a handful
 * of entries, not thousands.
 */
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import type { RateLimiter } from '../../domain/tenants/rate-limiter.ts';
import { keyPart } from './enforce-rate-limit.ts';

export interface Denial {
  readonly who: { readonly subject: string; readonly tenant: string };
  readonly route: string;
  readonly sourceIp: string | undefined;
  readonly correlationId: string;
  readonly reason: string;
}

const WINDOW_SECONDS = 60;

function isRecorded(count: number): boolean {
  return count === 1 || (count >= 10 && Number.isInteger(Math.log10(count)));
}

export async function recordDenial(
  deps: { readonly limiter: Pick<RateLimiter, 'count'>; readonly audit: AuditLog; readonly now?: () => Date },
  denial: Denial,
): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  const { who, route } = denial;
  const key = `denied#${who.tenant}#${keyPart(who.subject)}#${keyPart(route)}`;
  const { count, windowStart } = await deps.limiter.count(key, WINDOW_SECONDS, now);
  if (!isRecorded(count)) return;
  await deps.audit.send([
    {
      eventId: `auth.denied:${keyPart(`${who.subject}\u0000${route}`)}:${windowStart}:${count}`,
      tenant: who.tenant,
      time: now.toISOString(),
      type: 'auth.denied',
      actor: who.subject,
      subjects: {},
      correlationId: denial.correlationId,
      data: {
        route,
        sourceIp: denial.sourceIp ?? null,
        reason: denial.reason,
        count,
        windowStart: new Date(windowStart * 1000).toISOString(),
      },
    },
  ]);
}
