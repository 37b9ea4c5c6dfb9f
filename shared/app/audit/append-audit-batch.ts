/**
 * Appends a FIFO batch of audit messages to each tenant's hash chain, in order. The queue's
 * message group is the tenant. When a tenant's messages fail, they all fail from the first
 * failing one on, so the chain keeps the order the events were sent in; other tenants' messages
 * are unaffected. Returns the ids of the messages to redeliver.
 */
import { type AuditEvent, auditEventSchema } from '../../domain/audit/audit-event.ts';
import type { AuditStore } from '../../domain/audit/audit-store.ts';
import type { Log } from '../../domain/log.ts';
import type { Meter } from '../../domain/metrics/meter.ts';
import type { MessageSyncQueue } from '../../domain/slack/slack-messages.ts';
import type { StatsStore } from '../../domain/stats/stats-store.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { Announce } from '../live/announce-changes.ts';
import { countAuditEvents } from '../stats/count-audit-events.ts';
import { appendAuditEvents } from './append-audit-event.ts';

export interface AuditMessage {
  readonly id: string;
  /** The FIFO message group: the tenant that sent it. */
  readonly group: string | undefined;
  readonly body: string;
}

export interface AuditBatchDeps {
  readonly store: AuditStore;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  readonly log: Log;
  /** Tells the tenant's open consoles what changed, once its events are in the chain. */
  readonly announce?: Announce;
  /** The tenants' counters (dashboard, metrics), brought up to their chains after each batch. */
  readonly stats?: StatsStore;
  /** Operational metrics: the append lag per batch, and each counted fact's (event-metrics.ts). */
  readonly meter?: Meter;
  /** Where approvals whose Slack message is out of date are sent (tenants with a Slack app only). */
  readonly slackSync?: MessageSyncQueue;
}

interface TenantGroup {
  readonly events: AuditEvent[];
  readonly messages: AuditMessage[];
  unreadableFrom?: number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A tenant's messages of the batch, in FIFO order, parsed up to the first unreadable one. */
function groupsOf(messages: readonly AuditMessage[]): Map<string, TenantGroup> {
  const groups = new Map<string, TenantGroup>();
  for (const message of messages) {
    const tenant = message.group ?? 'unknown';
    const group = groups.get(tenant) ?? { events: [], messages: [] };
    groups.set(tenant, group);
    group.messages.push(message);
    if (group.unreadableFrom !== undefined) continue;
    const parsed = auditEventSchema.safeParse(parseJson(message.body));
    if (parsed.success && parsed.data.tenant === tenant) group.events.push(parsed.data);
    else group.unreadableFrom = group.messages.length - 1;
  }
  return groups;
}

/** Waits for `work`, at most `ms`: 'late' if it is still running then (it may finish or not; either is safe). */
async function within(work: Promise<unknown>, ms: number): Promise<'done' | 'late'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const outcome = await Promise.race([work.then(() => 'done' as const), deadline]);
  clearTimeout(timer);
  return outcome;
}

/**
 * The longest the writer waits on counting, before it announces the changes: a save cut short
 * either lands with its cursor or not at all, and the next batch counts what is left, so a slow
 * stats table neither holds live updates back long nor runs the writer into its timeout.
 */
export const COUNT_DEADLINE_MS = 1_500;

/**
 * Counting is derived and comes after the append: a failure is logged and caught up by the
 * tenant's next batch (the counters keep a cursor into the chain), never a redelivery.
 */
async function countAll(deps: AuditBatchDeps, tenants: readonly string[]): Promise<void> {
  const stats = deps.stats;
  if (stats === undefined || tenants.length === 0) return;
  const counts = Promise.all(
    tenants.map(async (tenant) => {
      try {
        const result = await countAuditEvents(
          { audit: deps.store, stats, ...(deps.meter === undefined ? {} : { meter: deps.meter }) },
          tenant,
        );
        deps.log.debug('audit events counted', { tenant, ...result });
      } catch (error: unknown) {
        // Error, not warning: a failure that repeats leaves the dashboard behind the chain.
        deps.log.error('audit events could not be counted; the next batch tries again', { tenant, error });
      }
    }),
  );
  if ((await within(counts, COUNT_DEADLINE_MS)) === 'late')
    deps.log.warn('audit events not all counted in time; the next batch goes on', {
      tenants: tenants.length,
      deadlineMs: COUNT_DEADLINE_MS,
    });
}

/**
 * Every change of an approval (requested, a vote, the decision, expiry, cancellation) is in the
 * chain, whichever path made it (the API, Slack, the expiry job): the writer sends each to the
 * Slack message sync of a tenant that has a Slack app. Best effort like the live updates.
 */
async function syncSlackMessages(deps: AuditBatchDeps, appended: ReadonlyMap<string, readonly AuditEvent[]>): Promise<void> {
  const queue = deps.slackSync;
  if (queue === undefined) return;
  const sends = [...appended].map(async ([tenant, events]) => {
    const jobs = events.flatMap((event) =>
      event.type.startsWith('approval.') && event.subjects.approvalId !== undefined
        ? [{ tenant, approvalId: event.subjects.approvalId, eventId: event.eventId }]
        : [],
    );
    if (jobs.length === 0) return;
    try {
      if ((await deps.configOf(tenant)).slack === undefined) return;
      await queue.send(jobs);
    } catch (error: unknown) {
      deps.log.warn('Slack message syncs could not be queued', { tenant, error });
    }
  });
  if ((await within(Promise.all(sends), ANNOUNCE_DEADLINE_MS)) === 'late') deps.log.warn('Slack message syncs not all queued in time', {});
}

/** The longest the writer waits on live updates, after every tenant's events are in the chain. */
export const ANNOUNCE_DEADLINE_MS = 2_000;

/**
 * Live updates are best effort and come last: a slow or failing WebSocket API never delays a
 * tenant's append nor makes audit events be redelivered. Failures are logged; a console that
 * misses a message still polls.
 */
async function announceAll(deps: AuditBatchDeps, appended: ReadonlyMap<string, readonly AuditEvent[]>): Promise<void> {
  const announce = deps.announce;
  if (announce === undefined || appended.size === 0) return;
  const sends = [...appended].map(async ([tenant, events]) => {
    try {
      const result = await announce(
        tenant,
        events.map((event) => event.type),
      );
      deps.log.debug('live updates sent', { tenant, ...result });
    } catch (error: unknown) {
      deps.log.warn('live updates could not be sent', { tenant, error });
    }
  });
  if ((await within(Promise.all(sends), ANNOUNCE_DEADLINE_MS)) === 'late')
    deps.log.warn('live updates not all sent in time', { tenants: appended.size, deadlineMs: ANNOUNCE_DEADLINE_MS });
}

export async function appendAuditBatch(deps: AuditBatchDeps, messages: readonly AuditMessage[]): Promise<string[]> {
  const failures: string[] = [];
  const appended = new Map<string, readonly AuditEvent[]>();
  for (const [tenant, group] of groupsOf(messages)) {
    try {
      const { audit } = await deps.configOf(tenant);
      const result = await appendAuditEvents(deps.store, group.events, audit.retentionDays);
      deps.log.debug('audit events appended', { tenant, ...result });
      // Measured on what this batch appended (a redelivery or a DLQ replay appends nothing new),
      // from its newest event: a lower bound that old replayed events cannot inflate.
      const newest = Math.max(...group.events.map((event) => Date.parse(event.time)).filter((time) => !Number.isNaN(time)));
      if (result.appended > 0 && result.duplicates === 0 && Number.isFinite(newest))
        deps.meter?.duration('AuditAppendLag', Date.now() - newest);
      // Counted even when all were duplicates: a redelivery catches up a count that failed.
      if (group.events.length > 0) appended.set(tenant, group.events);
      if (group.unreadableFrom !== undefined) {
        deps.log.error('unreadable audit event: it and the rest of its group go back to the queue', { tenant });
        failures.push(...group.messages.slice(group.unreadableFrom).map((message) => message.id));
      }
    } catch (error: unknown) {
      deps.log.error('audit append failed', { tenant, error });
      failures.push(...group.messages.map((message) => message.id));
    }
  }
  // Counted first (within its deadline), so a dashboard reloading on the announcement reads the new counts.
  await countAll(deps, [...appended.keys()]);
  await Promise.all([announceAll(deps, appended), syncSlackMessages(deps, appended)]);
  return failures;
}
