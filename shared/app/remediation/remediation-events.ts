/**
 * What the remediation workflow tells the audit log and the tenant's notification targets.
 * Audit event ids are deterministic per fact (`<approval>:voted:<who>`, `<approval>:approved`,
 * `<execution>:action`…), so the steps that may repeat them (a vote's request, the expiry job,
 * the outcome recorder) append each fact once.
 */

import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { Approval } from '../../domain/approvals/approval.ts';
import type { AuditEvent, AuditEventType } from '../../domain/audit/audit-event.ts';
import {
  approvalLink,
  type NotificationEvent,
  type NotificationEventType,
  type NotificationResult,
  notificationDeliveryId,
} from '../../domain/notifications/notification-event.ts';
import type { ExecutionOutcome } from '../../domain/remediation/execution-outcome.ts';
import type { RemediationRequest } from '../../domain/remediation/remediation.ts';
import type { Mode } from '../../domain/triage/decision.ts';

function event(
  request: RemediationRequest,
  type: AuditEventType,
  eventId: string,
  actor: string,
  time: string,
  data: Record<string, unknown>,
): AuditEvent {
  return {
    eventId,
    tenant: request.tenant,
    time,
    type,
    actor,
    subjects: {
      alertId: request.alertId,
      executionId: request.execution,
      ...(request.approvalId === undefined ? {} : { approvalId: request.approvalId }),
    },
    correlationId: request.correlationId,
    data,
  };
}

export function workflowStarted(request: RemediationRequest): AuditEvent {
  return event(request, 'workflow.started', `${request.execution}:workflow.started`, request.requestedBy, request.requestedAt, {
    revision: request.revision,
    action: request.action,
    risk: request.risk,
    mode: request.mode,
    modeReason: request.modeReason,
    source: request.source,
    deadline: request.deadline ?? null,
  });
}

export function approvalRequested(request: RemediationRequest, approval: Approval): AuditEvent {
  return event(request, 'approval.requested', `${approval.id}:requested`, 'system', approval.createdAt, {
    requiredApprovals: approval.requiredApprovals,
    deadline: approval.deadline,
    requestedBy: approval.requestedBy,
  });
}

/** Every fact of an approval so far: each vote, then its decision if it has one. Safe to send again. */
export function approvalFacts(request: RemediationRequest, approval: Approval): AuditEvent[] {
  const votes = approval.votes.map((vote) =>
    event(request, 'approval.voted', `${approval.id}:voted:${vote.by}`, vote.by, vote.at, {
      vote: vote.vote,
      note: vote.note ?? null,
      via: vote.via === undefined ? 'api' : vote.via.kind,
      ...(vote.via === undefined ? {} : { slack: { teamId: vote.via.teamId, userId: vote.via.userId } }),
    }),
  );
  if (approval.status === 'pending') return votes;
  const decider = approval.status === 'approved' || approval.status === 'rejected' ? (approval.votes.at(-1)?.by ?? 'system') : 'system';
  const decision = event(request, `approval.${approval.status}`, `${approval.id}:${approval.status}`, decider, approval.decidedAt ?? '', {
    requestedAt: approval.createdAt,
    // What triage learns from (action-history.ts): this action, for alerts of this name.
    action: approval.action.name,
    alertName: approval.alertName ?? null,
    approvedBy: approval.votes.filter((vote) => vote.vote === 'approve').map((vote) => vote.by),
    reason: approval.reason ?? approval.votes.find((vote) => vote.vote === 'reject')?.note ?? null,
  });
  return [...votes, decision];
}

export function actionOutcome(request: RemediationRequest, outcome: ExecutionOutcome): AuditEvent {
  const type = outcome.status === 'failed' ? 'action.failed' : 'action.executed';
  return event(request, type, `${request.execution}:action`, 'system', outcome.at, {
    action: request.action,
    alertName: request.alertName ?? null,
    mode: request.mode,
    status: outcome.status,
    executor: outcome.executor,
    detail: outcome.detail,
    error: outcome.error ?? null,
    externalId: outcome.externalId ?? null,
    request: outcome.request ?? null,
  });
}

export function actionSkipped(request: RemediationRequest, reason: string, at: string): AuditEvent {
  return event(request, 'action.skipped', `${request.execution}:action`, 'system', at, {
    action: request.action,
    mode: request.mode,
    reason,
  });
}

/** The request an approval stands for (what the audit and notifications of a vote need). */
export function requestOfApproval(approval: Approval, correlationId: string): RemediationRequest {
  return {
    tenant: approval.tenant,
    alertId: approval.alertId,
    ...(approval.alertName === undefined ? {} : { alertName: approval.alertName }),
    revision: approval.revision,
    execution: approval.execution,
    action: approval.action,
    risk: approval.risk,
    mode: approval.requiredApprovals === 2 ? 'approval-2' : 'approval',
    modeReason: '',
    source: approval.source,
    requestedBy: approval.requestedBy,
    requestedAt: approval.createdAt,
    approvalId: approval.id,
    deadline: approval.deadline,
    correlationId,
  };
}

/** What became of one notification to one target (never the target's URL: a Slack URL is a secret). */
/**
 * `retry`: 0 when first sent, n for the nth resend, which happened `at` (the event's own time
 * stays in `data.notifiedAt`); `willRetry`: a resend is scheduled.
 */
export function notificationRecord(
  notification: NotificationEvent,
  result: NotificationResult,
  correlationId: string,
  resend: { readonly retry: number; readonly willRetry: boolean; readonly at?: string } = { retry: 0, willRetry: false },
): AuditEvent {
  return {
    // The delivery id is the same for the same notification sent again, different for any other;
    // each resend is an event of its own.
    eventId: `notified:${notificationDeliveryId(notification)}:${result.targetId}${resend.retry === 0 ? '' : `:retry-${resend.retry}`}`,
    tenant: notification.tenant,
    time: resend.at ?? notification.at,
    type: result.ok ? 'notification.sent' : 'notification.failed',
    actor: 'system',
    subjects: { alertId: notification.alert.id, ...(notification.approvalId === undefined ? {} : { approvalId: notification.approvalId }) },
    correlationId,
    data: {
      event: notification.type,
      targetId: result.targetId,
      targetType: result.type,
      attempts: result.attempts,
      status: result.status ?? null,
      error: result.error ?? null,
      retry: resend.retry,
      willRetry: resend.willRetry,
      ...(resend.at === undefined ? {} : { notifiedAt: notification.at }),
    },
  };
}

export interface NotificationDetails {
  readonly approval?: Approval;
  readonly outcome?: ExecutionOutcome;
  /** The API's public URL, for the approval's link. */
  readonly publicBaseUrl?: string;
  /** The mode to show, when not the request's (a notify-only proposal). */
  readonly mode?: Mode;
  readonly at: string;
}

export function notificationOf(
  type: NotificationEventType,
  request: RemediationRequest,
  alert: AlertRecord | undefined,
  details: NotificationDetails,
): NotificationEvent {
  const { approval, outcome, publicBaseUrl } = details;
  const approvalId = request.approvalId;
  const decided = approval !== undefined && approval.status !== 'pending' ? approval.status : undefined;
  return {
    type,
    tenant: request.tenant,
    ...(approvalId === undefined ? {} : { approvalId }),
    alert: {
      id: request.alertId,
      name: alert?.name ?? request.alertId,
      ...(alert?.severity === undefined ? {} : { severity: alert.severity }),
      ...(alert === undefined ? {} : { status: alert.status }),
      ...(alert?.summary === undefined ? {} : { summary: alert.summary }),
    },
    action: request.action,
    risk: request.risk,
    mode: details.mode ?? request.mode,
    ...(request.deadline === undefined ? {} : { deadline: request.deadline }),
    ...(decided === undefined || approval === undefined
      ? {}
      : {
          decision: {
            status: decided,
            by: approval.votes.filter((vote) => vote.vote === (decided === 'rejected' ? 'reject' : 'approve')).map((vote) => vote.by),
            ...(approval.reason === undefined ? {} : { reason: approval.reason }),
          },
        }),
    ...(outcome === undefined
      ? {}
      : {
          outcome: {
            status: outcome.status,
            executor: outcome.executor,
            detail: outcome.detail,
            ...(outcome.error === undefined ? {} : { error: outcome.error }),
            ...(outcome.externalId === undefined ? {} : { externalId: outcome.externalId }),
          },
        }),
    ...(approvalId === undefined || publicBaseUrl === undefined || publicBaseUrl === ''
      ? {}
      : { link: approvalLink(publicBaseUrl, approvalId) }),
    at: details.at,
  };
}
