/** The remediation state machine of resources/statemachines on a local Step Functions endpoint, for tests. */
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { freePort } from '../../scripts/local/free-port.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/local/local-aws.ts';
import { readDefinitionFiles } from '../../scripts/local/step-functions/definition-files.ts';
import type { InvokeFunction } from '../../scripts/local/step-functions/lambda-invoker.ts';
import { type StepFunctionsEndpoint, startStepFunctionsEndpoint } from '../../scripts/local/step-functions/server.ts';

/** The names the tasks' functions get here: `invoke` receives these. */
export const TASK_FUNCTIONS = {
  RequestApprovalFunction: 'request-approval',
  ExecuteActionFunction: 'execute-action',
  RecordOutcomeFunction: 'record-outcome',
} as const;

export interface RemediationEndpoint {
  readonly sfn: StepFunctionsEndpoint;
  readonly client: SFNClient;
  readonly stateMachineArn: string;
}

export async function startRemediationEndpoint(invoke: InvokeFunction): Promise<RemediationEndpoint> {
  const definitions = await readDefinitionFiles(join(import.meta.dirname, '..', '..', 'resources', 'statemachines'), TASK_FUNCTIONS);
  const sfn = await startStepFunctionsEndpoint({ port: await freePort(), definitions, invoke });
  const client = new SFNClient({ endpoint: sfn.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  return { sfn, client, stateMachineArn: sfn.stateMachineArn('remediation') };
}
