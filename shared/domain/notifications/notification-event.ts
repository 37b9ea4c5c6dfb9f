/** What the remediation workflow tells people about, and where. */
import { createHash } from 'node:crypto';
import type { ActionName } from '../actions/registry.ts';
import type { Risk } from '../actions/risk.ts';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { ExecutionOutcome } from '../remediation/execution-outcome.ts';
import type { Mode } from '../triage/decision.ts';

/** What approvals tell people: one message per approval and state, whatever alerts it covers. */
export const APPROVAL_NOTIFICATIONS = ['requested', 'decided', 'expired', 'executed'] as const;
/** What incidents tell people: one message per incident and state change, never one per alert. */
export const INCIDENT_NOTIFICATIONS = [
  'incident-opened',
  'incident-reopened',
  'incident-acknowledged',
  'incident-resolved',
  'incident-merged',
  /** A target's breaker stopped an action: people must look. */
  'incident-escalated',
] as const;
/** An admin's test of a target, from the console's settings: it proves the target works. */
export const TEST_NOTIFICATION = 'test';
export const NOTIFICATION_EVENT_TYPES = [...APPROVAL_NOTIFICATIONS, ...INCIDENT_NOTIFICATIONS, TEST_NOTIFICATION] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];
export type IncidentNotificationType = (typeof INCIDENT_NOTIFICATIONS)[number];

/** The incident a notification is about, as the message shows it. */
export interface IncidentBrief {
  readonly id: string;
  readonly title?: string;
  readonly status: string;
  readonly severity: string;
  readonly alerts: number;
  readonly mergedInto?: string;
}

export interface NotificationEvent {
  readonly type: NotificationEventType;
  readonly tenant: string;
  /** Absent for an `auto` action, which has no approval. */
  readonly approvalId?: string;
  /** For the incident notifications; `alert` is then the alert that opened or last changed it. */
  readonly incident?: IncidentBrief;
  /** Why, for an escalation: what the breaker stopped. */
  readonly reason?: string;
  readonly alert: {
    readonly id: string;
    readonly name: string;
    readonly severity?: string;
    readonly status?: string;
    readonly summary?: string;
  };
  /** The action proposed or carried out (an incident notification may have none). */
  readonly action?: { readonly name: ActionName; readonly params: Readonly<Record<string, unknown>> };
  readonly risk?: Risk;
  readonly mode?: Mode;
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
  /** The approval's (or the incident's) URL, see approvalLink and incidentLink. */
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
 * The approval's page in the console (`PUBLIC_BASE_URL` is the console's base), where a person
 * signs in and decides it.
 *
 * @example approvalLink('https://console.example.com/', 'ap_01J') // 'https://console.example.com/approvals/ap_01J'
 */
export function approvalLink(publicBaseUrl: string, approvalId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/approvals/${encodeURIComponent(approvalId)}`;
}

/** The incident's page in the console. */
export function incidentLink(publicBaseUrl: string, incidentId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(incidentId)}`;
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
  /** A failure a later resend may get past (no answer, a 5xx, a 429); absent or false: it will not. */
  readonly retryable?: boolean;
}

/** The same for the same event re-sent, different for any other event. */
export function notificationDeliveryId(event: NotificationEvent): string {
  const identity = canonicalJson([
    event.tenant,
    event.approvalId ?? '',
    event.incident?.id ?? '',
    event.alert.id,
    event.type,
    event.decision?.status ?? '',
    event.outcome?.status ?? '',
    event.at,
  ]);
  return createHash('sha256').update(identity, 'utf8').digest('hex').slice(0, 32);
}
