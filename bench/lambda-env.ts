import { LOCAL_CREDENTIALS } from '../scripts/local/local-aws.ts';
import type { LocalStack } from '../scripts/local/local-stack.ts';

/** Sets the environment a function would get from serverless.yml, pointed at the local emulators. */
export function useLocalLambdaEnvironment(stack: LocalStack, stage: string, extra: Readonly<Record<string, string>> = {}): void {
  Object.assign(process.env, {
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: stack.endpoints.sqs,
    ALERTS_TABLE: `alertgate-${stage}-alerts`,
    INTEGRATION_KEYS_TABLE: `alertgate-${stage}-integration-keys`,
    TENANT_CONFIGS_TABLE: `alertgate-${stage}-tenant-configs`,
    PROVIDER_STATE_TABLE: `alertgate-${stage}-provider-state`,
    TRIAGE_QUEUE_NAME: `alertgate-${stage}-triage`,
    AUDIT_QUEUE_NAME: `alertgate-${stage}-audit.fifo`,
    AUDIT_TABLE: `alertgate-${stage}-audit`,
    APPROVALS_TABLE: `alertgate-${stage}-approvals`,
    INCIDENTS_TABLE: `alertgate-${stage}-incidents`,
    STATS_TABLE: `alertgate-${stage}-stats`,
    LEARNING_TABLE: `alertgate-${stage}-learning`,
    LIVE_CONNECTIONS_TABLE: `alertgate-${stage}-live-connections`,
    SLACK_TABLE: `alertgate-${stage}-slack`,
    SLACK_MESSAGES_QUEUE_NAME: `alertgate-${stage}-slack-messages.fifo`,
    SLACK_CLICKS_QUEUE_NAME: `alertgate-${stage}-slack-clicks`,
    NOTIFICATION_RETRIES_QUEUE_NAME: `alertgate-${stage}-notification-retries`,
    STAGE: stage,
    // No state machine runs in the benches: a remediation they started would fail, loudly.
    REMEDIATION_STATE_MACHINE_ARN: `arn:aws:states:${stack.region}:000000000000:stateMachine:alertgate-${stage}-remediation`,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    // A benchmark measures the path, not the rate limiter: one principal sends far more than 300 a minute.
    LIMIT_TENANT_WEBHOOK_PER_MINUTE: '1000000',
    LIMIT_TENANT_API_PER_MINUTE: '1000000',
    LIMIT_PRINCIPAL_PER_MINUTE: '1000000',
    ...extra,
  });
}
