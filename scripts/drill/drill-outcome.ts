/**
 * What a drill's alerts came to, once the system has settled: how many were processed (triaged),
 * how many dead-lettered, how many lost, which side effects happened twice (read from the
 * tenant's audit chain and from the notification target), and how long after the fault ended
 * the last one was decided.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SentNotification } from './alert-flow.ts';
import { drillSqs } from './drill-sqs.ts';
import { DRILL_STAGE, type DrillStack } from './drill-stack.ts';

export interface DrillFigures {
  /** Alerts in notifications the API accepted. */
  readonly sent: number;
  /** Alerts whose notification the sender gave up on (it had every refusal as an answer). */
  readonly refused: number;
  /** Accepted alerts that got a triage decision. */
  readonly processed: number;
  /** The tenant's alerts the drill left in the triage dead-letter queue (replayable), not decided. */
  readonly inDlq: number;
  /** Messages other dead-letter queues gained meanwhile (audit, Slack): the aim is 0. */
  readonly otherDeadLetters: number;
  /** sent − processed − inDlq: the aim is 0. */
  readonly lost: number;
  /** Alerts whose remediation workflow started but never asked for its approval nor recorded an outcome: the aim is 0. */
  readonly unfinishedWorkflows: readonly string[];
  /** Side effects that happened more than once: the aim is 0. */
  readonly duplicates: number;
  readonly duplicateDetail: readonly string[];
  /** From the fault's end to the last alert decided. */
  readonly recoveryMs: number;
  /** Tries the senders needed beyond one per notification (what a 503 or a dropped connection cost). */
  readonly retries: number;
}

type AuditLine = {
  eventId: string;
  type: string;
  time: string;
  subjects: Record<string, string | undefined>;
  data: Record<string, unknown>;
};

const sqsOf = (stack: DrillStack) => drillSqs(stack.alertgate.stack);

/** Messages on the queues whose names `pick` picks, visible or in flight. */
async function depth(stack: DrillStack, pick: (name: string) => boolean): Promise<number> {
  const sqs = sqsOf(stack);
  try {
    const queues = Object.entries(stack.alertgate.stack.queues).filter(([name]) => pick(name));
    const depths = await Promise.all(
      queues.map(async ([, url]) => {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            // Delayed too: a notification waiting for its resend is still in flight.
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
          }),
        );
        return (
          Number(Attributes.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
        );
      }),
    );
    return depths.reduce((sum, n) => sum + n, 0);
  } finally {
    sqs.destroy();
  }
}

const isDeadLetterQueue = (name: string) => name.includes('-dlq');
const isTriageDeadLetterQueue = (name: string) => name === `alertgate-${DRILL_STAGE}-triage-dlq`;

/** How many messages the dead-letter queues other than triage's hold now (compare before and after). */
export function otherDeadLetterDepth(stack: DrillStack): Promise<number> {
  return depth(stack, (name) => isDeadLetterQueue(name) && !isTriageDeadLetterQueue(name));
}

/** The alert ids of `tenant` in the triage dead-letter queue, read without taking them (visibility 0). */
async function deadLetteredAlerts(stack: DrillStack, tenant: string): Promise<Set<string>> {
  const url = stack.alertgate.stack.queues[`alertgate-${DRILL_STAGE}-triage-dlq`];
  const found = new Set<string>();
  if (url === undefined) return found;
  const sqs = sqsOf(stack);
  try {
    const seen = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
      const fresh = Messages.filter((message) => !seen.has(message.MessageId ?? ''));
      if (fresh.length === 0) break;
      for (const message of fresh) {
        seen.add(message.MessageId ?? '');
        const body = JSON.parse(message.Body ?? '{}') as { tenant?: string; alertId?: string };
        if (body.tenant === tenant && body.alertId !== undefined) found.add(body.alertId);
      }
    }
    return found;
  } finally {
    sqs.destroy();
  }
}

/** Waits until nothing is left on the working queues (what is in flight may still do something twice). */
async function queuesDrained(stack: DrillStack, deadline: number): Promise<void> {
  while (Date.now() < deadline && (await depth(stack, (name) => !isDeadLetterQueue(name))) > 0) await sleep(1_000);
}

/** The tenant's whole audit chain, from the export. */
export async function auditChain(stack: DrillStack, tenant: string): Promise<AuditLine[]> {
  const lines: AuditLine[] = [];
  for (let after = 0; ; ) {
    const answer = await stack.api('GET', `/v1/audit/export?after=${after}`, { tenant, roles: ['auditor'] });
    if (answer.status !== 200) throw new Error(`audit export: ${answer.status} ${answer.text.slice(0, 300)}`);
    const page = answer.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AuditLine & { seq: number });
    lines.push(...page);
    const last = page.at(-1);
    if (page.length < 5000 || last === undefined) return lines;
    after = last.seq;
  }
}

/** The fact each side effect stands for: two entries with one key are one side effect done twice. */
// Keyed by alert, not by event id or approval id: the audit store refuses an event id twice, and an
// approval's id comes from its workflow's, so a second workflow for one alert would pass both.
// (Each drill alert fires once: one revision.)
function sideEffectKey(line: AuditLine): string | undefined {
  const { alertId } = line.subjects;
  switch (line.type) {
    case 'triage.decided':
      return `${line.type} ${alertId} r${String(line.data.revision)}${line.eventId.endsWith(':superseded') ? ' superseded' : ''}`;
    case 'workflow.started':
    case 'approval.requested':
    case 'approval.approved':
    case 'approval.rejected':
    case 'approval.expired':
      return `${line.type} ${alertId}`;
    // An action has one outcome: run, or failed, never both.
    case 'action.executed':
    case 'action.failed':
      return `action outcome ${alertId}`;
    case 'notification.sent':
      return `${line.type} ${alertId} ${String(line.data.event)} ${String(line.data.targetId)}`;
    default:
      return undefined;
  }
}

export function duplicateSideEffects(chain: readonly AuditLine[], deliveries: readonly { deliveryId: string; status: number }[]): string[] {
  const seen = new Map<string, number>();
  const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
  for (const line of chain) {
    const key = sideEffectKey(line);
    if (key !== undefined) count(key);
  }
  // A target that answered 2xx twice to one delivery id was told the same thing twice.
  for (const delivery of deliveries) if (delivery.status < 300) count(`delivered ${delivery.deliveryId}`);
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
}

const WORKFLOW_PROGRESS = new Set(['approval.requested', 'action.executed', 'action.failed', 'action.skipped', 'action.suppressed']);

/** Alerts whose workflow started and then neither asked for its approval nor recorded an outcome. */
export function unfinishedWorkflows(chain: readonly AuditLine[]): string[] {
  const progressed = new Set(chain.filter((line) => WORKFLOW_PROGRESS.has(line.type)).map((line) => line.subjects.alertId));
  return chain
    .filter((line) => line.type === 'workflow.started' && !progressed.has(line.subjects.alertId))
    .map((line) => line.subjects.alertId ?? '');
}

/**
 * Waits (up to `timeoutMs`) until every accepted alert is decided or dead-lettered, the working
 * queues are empty and the audit chain has stopped growing, then counts. `deliveries` are the
 * notification target's since the drill began.
 */
export async function settle(
  stack: DrillStack,
  tenant: string,
  sent: readonly SentNotification[],
  options: {
    readonly faultEndedAt: number;
    /** otherDeadLetterDepth before the drill. */
    readonly otherDeadLettersBefore: number;
    readonly timeoutMs?: number;
    readonly deliveries?: readonly { deliveryId: string; status: number }[];
  },
): Promise<DrillFigures> {
  const accepted = sent.filter((notification) => notification.accepted);
  const acceptedAt = new Map(accepted.flatMap((notification) => notification.alertIds.map((id) => [id, notification.acceptedAt ?? 0])));
  const pending = new Set(acceptedAt.keys());
  const decidedAt = new Map<string, number>();
  let deadLettered = new Set<string>();
  const deadline = Date.now() + (options.timeoutMs ?? 200_000);
  while (pending.size > 0 && Date.now() < deadline) {
    for (const id of [...pending]) {
      // A connection reset while a drill restarts something is a reason to ask again, not to fail.
      const triage = await stack
        .api('GET', `/v1/alerts/${id}`, { tenant, roles: ['viewer'] })
        .then((answer) => answer.body.triage as { state?: string; decision?: { decidedAt?: string } } | undefined)
        .catch(() => undefined);
      if (triage?.state === 'decided') {
        pending.delete(id);
        decidedAt.set(id, Date.parse(triage.decision?.decidedAt ?? '') || Date.now());
      }
    }
    deadLettered = await deadLetteredAlerts(stack, tenant);
    for (const id of deadLettered) pending.delete(id);
    if (pending.size > 0) await sleep(1_000);
  }
  // What is still in flight may yet do something twice: count once the queues are empty and the chain has stopped growing.
  // A workflow waiting out a Lambda outage retries with full jitter, up to a minute or two apart: a quiet chain
  // with a workflow still short of its approval is waited on too, up to the deadline.
  await queuesDrained(stack, deadline);
  let chain = await auditChain(stack, tenant);
  for (let stable = 0; stable < 2 && Date.now() < deadline; ) {
    await sleep(1_500);
    const again = await auditChain(stack, tenant);
    const decided = again.filter((line) => line.type === 'triage.decided').length;
    const quiet = again.length === chain.length && decided >= decidedAt.size && unfinishedWorkflows(again).length === 0;
    stable = quiet ? stable + 1 : 0;
    chain = again;
  }
  const duplicateDetail = duplicateSideEffects(chain, options.deliveries ?? []);
  const sentAlerts = acceptedAt.size;
  const inDlq = [...deadLettered].filter((id) => acceptedAt.has(id) && !decidedAt.has(id)).length;
  // Recovery: until the last alert accepted before the fault ended was decided (the flow after it is not the fault's).
  const backlog = [...decidedAt].filter(([id]) => (acceptedAt.get(id) ?? 0) <= options.faultEndedAt).map(([, at]) => at);
  return {
    sent: sentAlerts,
    refused: sent.filter((notification) => !notification.accepted).reduce((sum, notification) => sum + notification.alerts, 0),
    processed: decidedAt.size,
    inDlq,
    otherDeadLetters: (await otherDeadLetterDepth(stack)) - options.otherDeadLettersBefore,
    lost: sentAlerts - decidedAt.size - inDlq,
    unfinishedWorkflows: unfinishedWorkflows(chain),
    duplicates: duplicateDetail.length,
    duplicateDetail,
    recoveryMs: Math.max(0, Math.max(options.faultEndedAt, ...backlog) - options.faultEndedAt),
    retries: sent.reduce((sum, notification) => sum + notification.attempts - 1, 0),
  };
}
