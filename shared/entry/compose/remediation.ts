/** The remediation workflow's tasks, the expiry job and the approvals API, wired. */
import { DynamoApprovalStore } from '../../adapters/dynamodb/dynamo-approval-store.ts';
import { DynamoIncidentStore } from '../../adapters/dynamodb/dynamo-incident-store.ts';
import { DynamoRateLimiter } from '../../adapters/dynamodb/dynamo-rate-limiter.ts';
import { DynamoTargetStore } from '../../adapters/dynamodb/dynamo-target-store.ts';
import { executorFactory } from '../../adapters/executors/executor-for.ts';
import { notify } from '../../adapters/notifications/notify.ts';
import { logger } from '../../adapters/observability.ts';
import { isTransientFailure } from '../../adapters/outbound-http/http-delivery.ts';
import { TargetBreakers } from '../../adapters/outbound-http/target-breakers.ts';
import { createSecretResolver, type SecretResolver } from '../../adapters/secrets/secret-resolver.ts';
import { SqsNotificationRetries } from '../../adapters/sqs/sqs-notification-retries.ts';
import { StepFunctionsRemediationWorkflow } from '../../adapters/step-functions/step-functions-remediation.ts';
import type { Notifier, RemediationDeps } from '../../app/remediation/deps.ts';
import type { ExecuteDeps } from '../../app/remediation/execute-action.ts';
import { type RecordingDeps, recordingNotifier, type SendNotifications } from '../../app/remediation/recording-notifier.ts';
import type { ResendDeps } from '../../app/remediation/resend-notification.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import type { RemediationWorkflow } from '../../domain/remediation/remediation-workflow.ts';
import { type Config, readConfig } from '../config/config.ts';
import { dynamodb, sfn, sqs } from './aws.ts';
import { outboundFetch } from './outbound.ts';
import { alertStore, api, auditLog, currentTenantConfigs, type TenantConfigs, tenantConfigs, tenantSecretSessions } from './parts.ts';

/** What a function that notifies needs: its tenant's secrets, and where failures wait to be sent again. */
export const NOTIFIER_VARIABLES = ['STAGE', 'NOTIFICATION_RETRIES_QUEUE_NAME', 'NOTIFICATION_RETRY_DELAYS'] as const;
type NotifierConfig = Config<(typeof NOTIFIER_VARIABLES)[number]>;

export const REMEDIATION_VARIABLES = [
  'STAGE',
  'ALERTS_TABLE',
  'APPROVALS_TABLE',
  'INCIDENTS_TABLE',
  'PROVIDER_STATE_TABLE',
  'AUDIT_QUEUE_NAME',
  'TENANT_CONFIGS_TABLE',
  'REMEDIATION_STATE_MACHINE_ARN',
  'PUBLIC_BASE_URL',
  ...NOTIFIER_VARIABLES,
] as const;
type RemediationConfig = Config<(typeof REMEDIATION_VARIABLES)[number]>;

/** Tenant secrets (webhook signing, Alertmanager credentials), cached five minutes per container. */
function secretResolver(config: Config<'STAGE'>): SecretResolver {
  return createSecretResolver({ stage: config.STAGE, env: process.env, ...tenantSecretSessions() });
}

/** The one sending path of notifications: tenant secrets, the egress policy, retries. */
export function notificationSender(config: Config<'STAGE'>): SendNotifications {
  const resolveSecret = secretResolver(config);
  return (targets, event) => notify(targets, event, { resolveSecret, fetch: outboundFetch() });
}

function notificationRecording(config: NotifierConfig, audit: AuditLog): RecordingDeps {
  return {
    send: notificationSender(config),
    audit,
    log: logger,
    retries: new SqsNotificationRetries(sqs(), config.NOTIFICATION_RETRIES_QUEUE_NAME),
    retryDelaysSeconds: config.NOTIFICATION_RETRY_DELAYS,
  };
}

/** Notifications to a tenant's targets, each result recorded in the audit log, failures sent again later. */
export function tenantNotifier(config: NotifierConfig, audit: AuditLog): Notifier {
  return recordingNotifier(notificationRecording(config, audit));
}

/** The consumer of the resend queue: the tenant's current targets, and the approvals and incidents to skip stale news. */
export function notificationResender(): ResendDeps {
  const config = readConfig([...NOTIFIER_VARIABLES, 'AUDIT_QUEUE_NAME', 'TENANT_CONFIGS_TABLE', 'APPROVALS_TABLE', 'INCIDENTS_TABLE']);
  return {
    ...notificationRecording(config, auditLog(config)),
    // Read fresh: a target removed or changed a moment ago is not sent to.
    configOf: currentTenantConfigs(config),
    approvals: new DynamoApprovalStore(dynamodb(), config.APPROVALS_TABLE),
    incidents: new DynamoIncidentStore(dynamodb(), config.INCIDENTS_TABLE),
  };
}

export function remediationDeps(
  config: RemediationConfig,
  shared: { readonly audit?: AuditLog; readonly configOf?: TenantConfigs } = {},
): RemediationDeps {
  const audit = shared.audit ?? auditLog(config);
  let workflow: RemediationWorkflow | undefined;
  return {
    alerts: alertStore(config),
    approvals: new DynamoApprovalStore(dynamodb(), config.APPROVALS_TABLE),
    incidents: new DynamoIncidentStore(dynamodb(), config.INCIDENTS_TABLE),
    targets: new DynamoTargetStore(dynamodb(), config.INCIDENTS_TABLE),
    limiter: new DynamoRateLimiter(dynamodb(), config.PROVIDER_STATE_TABLE),
    // The Step Functions client is made only when a use case starts or resumes an execution.
    get workflow() {
      workflow ??= new StepFunctionsRemediationWorkflow(sfn(), config.REMEDIATION_STATE_MACHINE_ARN);
      return workflow;
    },
    audit,
    configOf: shared.configOf ?? tenantConfigs(config),
    notify: tenantNotifier(config, audit),
    ...(config.PUBLIC_BASE_URL === undefined ? {} : { publicBaseUrl: config.PUBLIC_BASE_URL }),
    log: logger,
  };
}

/** RequestApproval, RecordOutcome and the expiry job. */
export function remediationFunction(): RemediationDeps {
  return remediationDeps(readConfig(REMEDIATION_VARIABLES));
}

/** The ExecuteAction task: the tenant's executor, live or dry-run. */
export function executeActionFunction(): ExecuteDeps {
  const config = readConfig(['STAGE', 'ALERTS_TABLE', 'TENANT_CONFIGS_TABLE', 'APPROVALS_TABLE']);
  return {
    alerts: alertStore(config),
    approvals: new DynamoApprovalStore(dynamodb(), config.APPROVALS_TABLE),
    // Read fresh, not from the 30 s cache: an admin switching back to dry-run in an emergency
    // stops the very next action, and the policy it is checked against is the current one.
    configOf: currentTenantConfigs(config),
    executorFor: executorFactory({
      breakers: new TargetBreakers(isTransientFailure),
      resolveSecret: secretResolver(config),
      env: process.env,
      fetch: outboundFetch(),
    }),
  };
}

/** The approvals routes and the manual action request. */
export function approvalsApi() {
  const { config, http, audit, configOf } = api(REMEDIATION_VARIABLES);
  const remediation = remediationDeps(config, { audit, configOf });
  return { http, remediation, approvals: remediation.approvals };
}
