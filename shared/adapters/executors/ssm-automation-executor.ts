/**
 * `run_ssm_automation`: starts an AWS Systems Manager Automation runbook
 * (`StartAutomationExecution`) in the tenant's account, through a role there that alertgate
 * assumes with the tenant id as ExternalId (so no tenant can point alertgate at another's role).
 * `ClientToken` is the execution's stable delivery id: a retried or repeated start is a no-op
 * at SSM. The SDK's endpoint comes from AWS_ENDPOINT_URL_SSM when set (local runs, tests).
 */
import { SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { ActionExecutor, ExecutionRequest } from '../../domain/remediation/execution.ts';
import type { ExecutionOutcome } from '../../domain/remediation/execution-outcome.ts';
import { recordResponse } from '../../domain/remediation/execution-outcome.ts';
import type { SsmTarget } from '../../domain/remediation/executor-config.ts';
import { tracer } from '../observability.ts';
import { DeliveryError, type DeliveryPolicy, deliver, EXECUTOR_DELIVERY } from '../outbound-http/http-delivery.ts';
import { type TargetBreakers, targetKey } from '../outbound-http/target-breakers.ts';
import { liveOutcome } from './live-outcome.ts';
import { ssmPlan } from './request-plans.ts';

export interface SsmClientTarget {
  readonly tenant: string;
  readonly region: string;
  readonly roleArn: string;
}

/** The SSM client acting in a tenant's account. */
export type SsmClientFactory = (target: SsmClientTarget) => SSMClient;

export interface SsmAutomationExecutorOptions {
  readonly ssm: SsmTarget | undefined;
  readonly clientFor?: SsmClientFactory;
  /** The container's breakers, one per target: made once by the composition module. */
  readonly breakers: TargetBreakers;
  readonly policy?: DeliveryPolicy;
  /** The function's environment (AWS_REGION, AWS_ENDPOINT_URL_SSM), handed in by the composition module. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
}

export const SSM_EXECUTOR = 'ssm-automation';

const clients = new Map<string, SSMClient>();

/**
 * One client per tenant role and region, per container. Retries are the executor's (one SDK
 * attempt each), so its breaker sees every failure.
 */
export const assumedRoleSsmClient: SsmClientFactory = ({ tenant, region, roleArn }) => {
  const key = `${tenant}\u0000${region}\u0000${roleArn}`;
  const existing = clients.get(key);
  if (existing !== undefined) return existing;
  const client = tracer.captureAWSv3Client(
    new SSMClient({
      region,
      maxAttempts: 1,
      credentials: fromTemporaryCredentials({
        params: { RoleArn: roleArn, ExternalId: tenant, RoleSessionName: sessionName(tenant), DurationSeconds: 900 },
        clientConfig: { region },
      }),
    }),
  );
  clients.set(key, client);
  return client;
};

function sessionName(tenant: string): string {
  return `alertgate-${tenant.replace(/[^\w+=,.@-]/g, '_')}`.slice(0, 64);
}

export class SsmAutomationExecutor implements ActionExecutor {
  readonly #options: SsmAutomationExecutorOptions;

  constructor(options: SsmAutomationExecutorOptions) {
    this.#options = options;
  }

  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const outcome = liveOutcome(SSM_EXECUTOR, this.#options.now ?? Date.now);
    const planned = ssmPlan(request, this.#options.ssm, this.#options.env);
    if (!planned.ok) return outcome.refused('no automation started', planned.reason);
    const { plan } = planned;
    const client = (this.#options.clientFor ?? assumedRoleSsmClient)({
      tenant: request.tenant,
      region: plan.region,
      roleArn: plan.roleArn,
    });

    const delivery = await deliver<string>({
      policy: this.#options.policy ?? EXECUTOR_DELIVERY,
      breaker: this.#options.breakers.for(targetKey(request.tenant, SSM_EXECUTOR, `${plan.roleArn}@${plan.region}`)),
      attempt: async (signal) => {
        try {
          const output = await client.send(new StartAutomationExecutionCommand(plan.input), { abortSignal: signal });
          if (output.AutomationExecutionId === undefined || output.AutomationExecutionId === '') {
            throw new DeliveryError('answered without an AutomationExecutionId', 'invalid-response', false);
          }
          return output.AutomationExecutionId;
        } catch (error: unknown) {
          if (error instanceof DeliveryError || signal.aborted) throw error;
          throw sdkFailure(error);
        }
      },
    });
    if (!delivery.ok) {
      return outcome.failed(`automation ${plan.input.DocumentName} not started`, request, delivery, {
        log: 'ssm automation failed',
        request: plan.record,
      });
    }
    const executionId = delivery.value;
    return outcome.succeeded(`automation ${plan.input.DocumentName} started: execution ${executionId}`, delivery, {
      request: plan.record,
      response: recordResponse(200, JSON.stringify({ AutomationExecutionId: executionId })),
      externalId: executionId,
    });
  }
}

const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'Throttling']);

/** An SDK error as a DeliveryError: throttling, server faults and transport errors are transient; client faults are not. */
function sdkFailure(error: unknown): DeliveryError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message.slice(0, 300) : '';
  const metadata = error instanceof Error ? Object.getOwnPropertyDescriptor(error, '$metadata')?.value : undefined;
  const statusValue =
    typeof metadata === 'object' && metadata !== null ? Object.getOwnPropertyDescriptor(metadata, 'httpStatusCode')?.value : undefined;
  const status = typeof statusValue === 'number' ? statusValue : undefined;
  const fault = error instanceof Error ? Object.getOwnPropertyDescriptor(error, '$fault')?.value : undefined;
  if (name === 'CredentialsProviderError') return new DeliveryError(`no AWS credentials: ${message}`, 'network', false, { cause: error });
  if (status === undefined) return new DeliveryError(`network error: ${name}: ${message}`, 'network', true, { cause: error });
  const response = recordResponse(status, `${name}: ${message}`);
  const retryable = THROTTLING.has(name) || fault === 'server' || status >= 500 || status === 429;
  return new DeliveryError(`answered ${status} ${name}: ${message}`, 'status', retryable, { cause: error, response });
}
