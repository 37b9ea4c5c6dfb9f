/** What the remediation workflow tells people about, and where. */
import { createHash } from 'node:crypto';
import type { ActionName } from '../actions/registry.ts';
import type { Risk } from '../actions/risk.ts';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { ExecutionOutcome } from '../remediation/execution-outcome.ts';
import type { Mode } from '../triage/decision.ts';

export const NOTIFICATION_EVENT_TYPES = ['requested', 'decided', 'expired', 'executed'] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

export interface NotificationEvent {
  readonly type: NotificationEventType;
  readonly tenant: string;
  /** Absent for an `auto` action, which has no approval. */
  readonly approvalId?: string;
  readonly alert: {
    readonly id: string;
    readonly name: string;
    readonly severity?: string;
    readonly status?: string;
    readonly summary?: string;
  };
  readonly action: { readonly name: ActionName; readonly params: Readonly<Record<string, unknown>> };
  readonly risk: Risk;
  readonly mode: Mode;
  /** When the approval expires, ISO 8601. */
  readonly deadline?: string;
  /** For `decided` and `expired`. */
  readonly decision?: {
    readonly status: 'approved' | 'rejected' | 'expired' | 'cancelled';
    readonly by?: readonly string[];
    readonly reason?: string;
  };
  /** For `executed`. */
  readonly outcome?: Pick<ExecutionOutcome, 'status' | 'executor' | 'detail' | 'error' | 'externalId'>;
  /** The approval's URL, see approvalLink. */
  readonly link?: string;
  /** When it happened, ISO 8601. */
  readonly at: string;
}

/** Where a tenant's notifications go; `secretRef` signs generic webhooks (Slack URLs carry their own secret). */
export interface NotificationTarget {
  readonly id: string;
  readonly type: 'slack' | 'webhook';
  readonly url: string;
  readonly events: readonly NotificationEventType[];
  readonly secretRef?: string;
}

/**
 * The approval's URL in the API.
 *
 * @example approvalLink('https://alertgate.example.com/', 'ap_01J') // 'https://alertgate.example.com/v1/approvals/ap_01J'
 */
export function approvalLink(publicBaseUrl: string, approvalId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/v1/approvals/${encodeURIComponent(approvalId)}`;
}

export interface NotificationResult {
  readonly targetId: string;
  readonly type: NotificationTarget['type'];
  readonly ok: boolean;
  readonly attempts: number;
  /** The last HTTP status the target answered, if any. */
  readonly status?: number;
  /** Why it failed; never the target's URL (a Slack webhook URL is itself a secret). */
  readonly error?: string;
}

/** The same for the same event re-sent, different for any other event. */
export function notificationDeliveryId(event: NotificationEvent): string {
  const identity = canonicalJson([
    event.tenant,
    event.approvalId ?? '',
    event.alert.id,
    event.type,
    event.decision?.status ?? '',
    event.outcome?.status ?? '',
    event.at,
  ]);
  return createHash('sha256').update(identity, 'utf8').digest('hex').slice(0, 32);
}
