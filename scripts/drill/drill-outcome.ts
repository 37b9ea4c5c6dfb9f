/**
 * What a drill's alerts came to, once the system has settled: how many were processed (triaged),
 * how many dead-lettered, how many lost, which side effects happened twice (read from the
 * tenant's audit chain and from the notification target), and how long after the fault ended
 * the last one was decided.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS } from '../local/local-aws.ts';
import type { SentNotification } from './alert-flow.ts';
import type { DrillStack } from './drill-stack.ts';

export interface DrillFigures {
  /** Alerts in notifications the API accepted. */
  readonly sent: number;
  /** Alerts whose notification the sender gave up on (it had every refusal as an answer). */
  readonly refused: number;
  /** Accepted alerts that got a triage decision. */
  readonly processed: number;
  /** Messages the drill left in the dead-letter queues (replayable). */
  readonly inDlq: number;
  /** sent − processed − inDlq: the aim is 0. */
  readonly lost: number;
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

/** How many messages sit in the dead-letter queues now (all of them: compare before and after). */
export async function deadLetterDepth(stack: DrillStack): Promise<number> {
  const { alertgate } = stack;
  const sqs = new SQSClient({
    endpoint: alertgate.stack.endpoints.sqs,
    region: alertgate.stack.region,
    credentials: LOCAL_CREDENTIALS,
    useQueueUrlAsEndpoint: false,
  });
  try {
    const dlqs = Object.entries(alertgate.stack.queues).filter(([name]) => name.includes('-dlq'));
    const depths = await Promise.all(
      dlqs.map(async ([, url]) => {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
      }),
    );
    return depths.reduce((sum, depth) => sum + depth, 0);
  } finally {
    sqs.destroy();
  }
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
function sideEffectKey(line: AuditLine): string | undefined {
  const { alertId, approvalId } = line.subjects;
  switch (line.type) {
    case 'triage.decided':
      return `${line.type} ${alertId} r${String(line.data.revision)}${line.eventId.endsWith(':superseded') ? ' superseded' : ''}`;
    case 'approval.requested':
    case 'approval.approved':
    case 'approval.rejected':
    case 'approval.expired':
      return `${line.type} ${approvalId ?? alertId}`;
    // An action has one outcome: run, or failed, never both.
    case 'action.executed':
    case 'action.failed':
      return `action outcome ${approvalId ?? alertId}`;
    case 'notification.sent':
      return `${line.type} ${approvalId ?? alertId} ${String(line.data.event)} ${String(line.data.targetId)}`;
    default:
      return undefined;
  }
}

export function duplicateSideEffects(chain: readonly AuditLine[], deliveries: readonly { deliveryId: string; status: number }[]): string[] {
  const seen = new Map<string, number>();
  const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
  for (const line of chain) {
    count(`entry ${line.eventId}`);
    const key = sideEffectKey(line);
    if (key !== undefined) count(key);
  }
  // A target that answered 2xx twice to one delivery id was told the same thing twice.
  for (const delivery of deliveries) if (delivery.status < 300) count(`delivered ${delivery.deliveryId}`);
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
}

/**
 * Waits (up to `timeoutMs`) until every accepted alert is decided and the audit writer has chained
 * the decisions, then counts. `deliveries` are the notification target's, for this tenant's alerts.
 */
export async function settle(
  stack: DrillStack,
  tenant: string,
  sent: readonly SentNotification[],
  options: {
    readonly faultEndedAt: number;
    readonly dlqBefore: number;
    readonly timeoutMs?: number;
    readonly deliveries?: () => readonly { deliveryId: string; status: number }[];
  },
): Promise<DrillFigures> {
  const accepted = sent.filter((notification) => notification.accepted);
  const pending = new Set(accepted.flatMap((notification) => notification.alertIds));
  const decidedAt = new Map<string, number>();
  const deadline = Date.now() + (options.timeoutMs ?? 240_000);
  while (pending.size > 0 && Date.now() < deadline) {
    for (const id of [...pending]) {
      const answer = await stack.api('GET', `/v1/alerts/${id}`, { tenant, roles: ['viewer'] });
      const triage = answer.body.triage as { state?: string; decision?: { decidedAt?: string } } | undefined;
      if (triage?.state === 'decided') {
        pending.delete(id);
        decidedAt.set(id, Date.parse(triage.decision?.decidedAt ?? '') || Date.now());
      }
    }
    if (pending.size > 0) await sleep(1_000);
  }
  // The decisions are chained by the audit writer a moment later: wait until the chain holds them all and stops growing.
  let chain = await auditChain(stack, tenant);
  for (let stable = 0; stable < 2 && Date.now() < deadline; ) {
    await sleep(1_500);
    const again = await auditChain(stack, tenant);
    const decided = again.filter((line) => line.type === 'triage.decided').length;
    stable = again.length === chain.length && decided >= decidedAt.size ? stable + 1 : 0;
    chain = again;
  }
  const duplicateDetail = duplicateSideEffects(chain, options.deliveries?.() ?? []);
  const sentAlerts = accepted.reduce((sum, notification) => sum + notification.alerts, 0);
  const inDlq = Math.max(0, (await deadLetterDepth(stack)) - options.dlqBefore);
  const lastDecided = Math.max(options.faultEndedAt, ...decidedAt.values());
  return {
    sent: sentAlerts,
    refused: sent.filter((notification) => !notification.accepted).reduce((sum, notification) => sum + notification.alerts, 0),
    processed: decidedAt.size,
    inDlq,
    lost: Math.max(0, sentAlerts - decidedAt.size - inDlq),
    duplicates: duplicateDetail.length,
    duplicateDetail,
    recoveryMs: lastDecided - options.faultEndedAt,
    retries: sent.reduce((sum, notification) => sum + notification.attempts - 1, 0),
  };
}
