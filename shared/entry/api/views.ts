/**
 * What the API answers with, as schemas: the OpenAPI document's response bodies, and what the
 * end-to-end tests hold every real response to.
 */
import * as z from 'zod';
import { actionNameSchema } from '../../domain/actions/registry.ts';
import { RISKS } from '../../domain/actions/risk.ts';
import { ALERT_STATUSES, OUTCOMES, SEVERITIES, SOURCES } from '../../domain/alerts/alert.ts';
import { APPROVAL_STATUSES } from '../../domain/approvals/approval.ts';
import { auditEntrySchema } from '../../domain/audit/export-format.ts';
import { INCIDENT_STATUSES } from '../../domain/incidents/incident.ts';
import { executionOutcomeSchema } from '../../domain/remediation/execution-outcome.ts';
import { remediationSummarySchema } from '../../domain/remediation/remediation.ts';
import { KEY_SCOPES } from '../../domain/tenants/integration-key-store.ts';
import { tenantConfigSchema } from '../../domain/tenants/tenant-config.ts';
import { CATEGORIES } from '../../domain/triage/categories.ts';
import { MODES } from '../../domain/triage/decision.ts';
import { originalDecisionSchema, triageDecisionSchema } from '../../domain/triage/decision-schema.ts';
import { correctedValuesSchema } from '../../domain/triage/learning/learned-example.ts';

const time = z.string().meta({ description: 'ISO 8601' });
const labels = z.record(z.string(), z.string());
const actionName = actionNameSchema;
const action = z.object({ name: actionName, params: z.record(z.string(), z.unknown()) });

export const executionOutcomeView = executionOutcomeSchema.meta({ id: 'ExecutionOutcome' });

export const remediationView = remediationSummarySchema.extend({ outcome: executionOutcomeView.optional() }).meta({ id: 'Remediation' });

export const alertView = z
  .object({
    id: z.string(),
    source: z.enum(SOURCES),
    fingerprint: z.string(),
    revision: z.number().int(),
    status: z.enum(ALERT_STATUSES),
    name: z.string(),
    severity: z.enum(SEVERITIES).optional(),
    summary: z.string().optional(),
    description: z.string().optional(),
    labels,
    annotations: labels,
    startsAt: time,
    endsAt: time.optional(),
    generatorUrl: z.string().optional(),
    details: z.string().optional(),
    firstSeenAt: time,
    lastSeenAt: time.meta({ description: 'ISO 8601: the last notification that named it, a plain repeat included' }),
    updatedAt: time.meta({
      description: 'ISO 8601: when what it shows last changed (its status or content); a plain repeat moves lastSeenAt only',
    }),
    notifications: z.number().int(),
    resolvedAt: time.optional(),
    acknowledgedAt: time.optional(),
    incidentId: z.string().optional().meta({ description: 'The incident this revision belongs to, once triaged' }),
    triage: z.object({
      state: z.enum(['decided', 'queued', 'pending', 'none']),
      queued: z.object({ eventId: z.string(), kind: z.enum(['triage', 'resolution']), revision: z.number().int(), at: time }).optional(),
      pending: z.array(z.object({ eventId: z.string(), kind: z.enum(['triage', 'resolution']), revision: z.number().int() })),
      decision: triageDecisionSchema.meta({ id: 'TriageDecision' }).optional(),
    }),
    remediations: z.array(remediationView).meta({ description: 'Newest first' }),
  })
  .meta({ id: 'Alert' });

export const approvalView = z
  .object({
    tenant: z.string(),
    id: z.string(),
    alertId: z.string(),
    revision: z.number().int(),
    execution: z.string(),
    action,
    risk: z.enum(RISKS),
    requiredApprovals: z.union([z.literal(1), z.literal(2)]),
    votes: z.array(
      z.object({
        by: z.string(),
        vote: z.enum(['approve', 'reject']),
        at: time,
        note: z.string().optional(),
        via: z
          .object({ kind: z.literal('slack'), teamId: z.string(), userId: z.string() })
          .optional()
          .meta({ description: 'Cast from Slack: the workspace and user who clicked (the voter is the principal they are linked to)' }),
      }),
    ),
    status: z.enum(APPROVAL_STATUSES),
    deadline: time,
    createdAt: time,
    source: z.enum(['triage', 'manual']),
    requestedBy: z
      .string()
      .meta({ description: 'The requester, or for a triage proposal the sender of the alert; neither may approve it' }),
    decidedAt: time.optional(),
    reason: z.string().optional(),
    outcome: executionOutcomeView.optional(),
    incidentId: z.string().optional().meta({ description: 'The incident of the alert it was opened for' }),
    targetKey: z.string().optional().meta({ description: 'What it acts on: one execution per tenant and target at a time' }),
    covers: z
      .array(z.object({ alertId: z.string(), revision: z.number().int(), incidentId: z.string().optional(), at: time }))
      .optional()
      .meta({ description: 'Later alerts that proposed the same action on the same target and joined this approval' }),
    coveredCount: z.number().int().optional(),
    version: z.number().int(),
  })
  .meta({ id: 'Approval' });

const incidentMemberView = z.object({
  alertId: z.string(),
  revision: z.number().int(),
  name: z.string(),
  severity: z.enum(SEVERITIES),
  source: z.enum(SOURCES).optional(),
  status: z.enum(['firing', 'resolved']),
  joined: z.enum(['opened', 'joined', 'reopened']),
  joinedAt: time,
  resolvedAt: time.optional(),
});

export const incidentView = z
  .object({
    id: z.string(),
    title: z.string(),
    severity: z.enum(SEVERITIES).meta({ description: 'The highest of its firing alerts' }),
    status: z.enum(INCIDENT_STATUSES),
    groupedBy: z.string().meta({ description: 'How its alerts were grouped' }),
    category: z.enum(CATEGORIES),
    service: z.string().optional(),
    team: z.string().optional(),
    alerts: z.array(incidentMemberView).meta({ description: 'Newest first' }),
    firing: z.number().int(),
    approvals: z.array(z.string()),
    openedAt: time,
    lastAlertAt: time,
    acknowledgedAt: time.optional(),
    acknowledgedBy: z.string().optional(),
    resolvedAt: time.optional(),
    resolvedBy: z.string().optional(),
    reopenedAt: time.optional(),
    reopenCount: z.number().int(),
    mergedInto: z.string().optional(),
    mergedFrom: z.array(z.string()).optional(),
    updatedAt: time,
    version: z.number().int(),
  })
  .meta({ id: 'Incident' });

export const incidentDetailView = incidentView
  .extend({
    alertRecords: z.array(alertView).meta({ description: 'Its newest alerts (at most 100), each with its decision and remediations' }),
    approvalRecords: z.array(approvalView),
    timeline: z
      .array(
        z.object({
          seq: z.number().int(),
          time,
          type: z.string(),
          actor: z.string(),
          subjects: z.record(z.string(), z.string()),
          data: z.record(z.string(), z.unknown()),
        }),
      )
      .meta({ description: 'From the audit log, newest first' }),
  })
  .meta({ id: 'IncidentDetail' });

export const remediationStartedView = z
  .object({
    alertId: z.string(),
    action: actionName,
    mode: z.enum(MODES),
    modeReason: z.string().meta({ description: 'The policy rule or default that gave the mode' }),
    risk: z.enum(RISKS),
    execution: z.string().optional().meta({ description: 'The workflow started (auto and approval modes)' }),
    approvalId: z.string().optional(),
    deadline: time.optional(),
  })
  .meta({ id: 'ActionRequested' });

export const ingestView = z
  .object({
    received: z.number().int(),
    ...Object.fromEntries(OUTCOMES.map((outcome) => [outcome, z.number().int()])),
    truncatedAlerts: z.number().int(),
    alerts: z.array(
      z.object({
        id: z.string(),
        fingerprint: z.string(),
        status: z.enum(ALERT_STATUSES),
        revision: z.number().int(),
        outcome: z.enum(OUTCOMES),
      }),
    ),
    status: z.literal('success').optional().meta({ description: 'PagerDuty senders only, as PagerDuty answers' }),
    message: z.string().optional(),
    dedup_key: z.string().optional(),
  })
  .meta({ id: 'IngestResult' });

export const integrationKeyView = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: time,
    createdBy: z.string(),
    sources: z.array(z.enum(SOURCES)).meta({ description: 'The webhook sources it may post to' }),
    scopes: z.array(z.enum(KEY_SCOPES)).meta({ description: 'What it may do: post webhooks, scrape GET /v1/metrics' }),
    expiresAt: time.optional(),
    lastUsedAt: time.optional().meta({ description: 'Its last use, to the hour' }),
    revokedAt: time.optional(),
    revokedBy: z.string().optional(),
  })
  .meta({ id: 'IntegrationKey' });

export const issuedIntegrationKeyView = integrationKeyView
  .extend({ key: z.string().meta({ description: 'Shown once; only its hash is stored' }) })
  .meta({ id: 'IssuedIntegrationKey' });

export const tenantConfigView = z
  .object({ version: z.number().int(), config: tenantConfigSchema, updatedAt: time, updatedBy: z.string() })
  .meta({ id: 'VersionedTenantConfig' });

export const tenantConfigVersionView = tenantConfigView.extend({ tenant: z.string() }).meta({ id: 'TenantConfigVersion' });

export const auditEntryView = auditEntrySchema.meta({ id: 'AuditEntry' });

export const auditVerdictView = z
  .object({
    valid: z.boolean(),
    checked: z.number().int(),
    head: z.object({ seq: z.number().int(), hash: z.string() }).optional(),
    firstInvalid: z.object({ seq: z.number().int(), reason: z.string() }).optional(),
    checkpoints: z.number().int().meta({ description: 'Signed checkpoints the chain was held against' }),
  })
  .meta({ id: 'AuditVerdict' });

export const auditCheckpointView = z
  .object({
    tenant: z.string(),
    seq: z.number().int(),
    hash: z.string(),
    time,
    keyId: z.string().meta({ description: "The signing key's RFC 7638 thumbprint (a kid of GET /v1/audit/public-key)" }),
    signature: z.string().meta({ description: 'Ed25519 over the RFC 8785 JSON of tenant, seq, hash, time and keyId, base64url' }),
  })
  .meta({ id: 'AuditCheckpoint' });

export const jwksView = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal('OKP'),
        crv: z.literal('Ed25519'),
        x: z.string(),
        kid: z.string(),
        alg: z.literal('EdDSA'),
        use: z.literal('sig'),
      }),
    ),
  })
  .meta({ id: 'CheckpointKeys' });

/** What a test send to a notification target came to; never the target's URL. */
export const notificationTestView = z
  .object({
    targetId: z.string(),
    type: z.enum(['slack', 'webhook']),
    ok: z.boolean(),
    attempts: z.number().int(),
    status: z.number().int().optional().meta({ description: 'The last HTTP status the target answered' }),
    error: z.string().optional(),
  })
  .meta({ id: 'NotificationTest' });

const tally = z.record(z.string(), z.number());
const ranked = z.array(z.object({ name: z.string(), count: z.number().int() }));
const seconds = z.number().int().nullable();

export const dashboardView = z
  .object({
    from: time.meta({ description: 'Start of the first period shown (the range is widened to whole periods)' }),
    to: time,
    granularity: z.enum(['hour', 'day']).meta({ description: 'Hours for ranges up to 72 hours, days beyond' }),
    series: z.array(
      z.object({
        start: time,
        alertsBySeverity: tally,
        alertsByCategory: tally,
        incidentsBySeverity: tally,
        incidentsByCategory: tally,
      }),
    ),
    alerts: z.object({
      received: z.number().int().meta({ description: 'Alerts received (each new revision counts)' }),
      triaged: z.number().int(),
      bySeverity: tally,
      bySource: tally,
      byCategory: tally,
      noisiestNames: ranked,
      noisiestServices: ranked,
    }),
    incidents: z.object({
      opened: z.number().int(),
      bySeverity: tally,
      byCategory: tally,
      acknowledged: z.number().int(),
      resolved: z.number().int(),
      mttaSeconds: seconds.meta({ description: 'Mean time from opening (or reopening) to acknowledgement; null with none' }),
      mttrSeconds: seconds.meta({ description: 'Mean time from opening (or reopening) to resolution; null with none' }),
    }),
    approvals: z.object({
      byOutcome: tally,
      latency: z.object({ answered: z.number().int(), p50Seconds: seconds, p90Seconds: seconds }),
    }),
    actions: z.object({
      proposedByMode: tally,
      outcomes: z.array(z.object({ mode: z.string(), outcome: z.string(), count: z.number().int() })),
    }),
    deciders: z.array(
      z.object({
        kind: z.string().meta({ description: 'rule, llm or classifier (the keyless one)' }),
        count: z.number().int(),
        share: z.number(),
      }),
    ),
    llm: z.array(
      z.object({
        provider: z.string(),
        model: z.string(),
        variant: z.string().optional(),
        decisions: z.number().int(),
        inputTokens: z.number().int(),
        outputTokens: z.number().int(),
        costUsd: z.number(),
      }),
    ),
  })
  .meta({ id: 'Dashboard' });

export const correctionView = z
  .object({
    id: z.string(),
    alertId: z.string(),
    alertName: z.string(),
    revision: z.number().int(),
    by: z.string().meta({ description: 'The principal who corrected' }),
    at: z.string(),
    set: correctedValuesSchema.meta({ description: 'The values the correction set' }),
    note: z.string().optional(),
    original: originalDecisionSchema.meta({ description: 'What triage had decided' }),
  })
  .meta({ id: 'Correction' });

const nullableNumber = z.number().nullable();

export const modelStatsView = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['hour', 'day']),
    models: z.array(
      z.object({
        provider: z.string(),
        model: z.string(),
        variant: z.string().optional(),
        decisions: z.number().int(),
        abstentions: z.number().int(),
        abstentionRate: nullableNumber.meta({ description: 'Of the times it was asked, the share it did not decide' }),
        corrected: z.number().int().meta({ description: 'Its decisions a responder corrected later' }),
        overruled: z.number().int().meta({ description: 'Corrections that changed its category' }),
        agreementWithCorrections: nullableNumber.meta({ description: 'Of its corrected decisions, the share whose category stood' }),
        latency: z.object({ p50Ms: nullableNumber, p90Ms: nullableNumber, p99Ms: nullableNumber }),
        inputTokens: z.number(),
        outputTokens: z.number(),
        costUsd: z.number(),
        costPerDecisionUsd: nullableNumber,
      }),
    ),
  })
  .meta({ id: 'ModelStats' });
