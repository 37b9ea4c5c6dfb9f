/**
 * The remediation state machine on the local Step Functions endpoint, its Lambda tasks answered
 * in process by `invoke`, for the benches that run the workflow: the endpoint (to stop), the
 * workflow port pointed at it, and the definitions it runs (their FunctionNames filled in).
 */
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { freePort } from '../scripts/local/free-port.ts';
import { LOCAL_CREDENTIALS } from '../scripts/local/local-aws.ts';
import type { LocalStack } from '../scripts/local/local-stack.ts';
import { readDefinitionFiles } from '../scripts/local/step-functions/definition-files.ts';
import type { InvokeFunction } from '../scripts/local/step-functions/lambda-invoker.ts';
import { startStepFunctionsEndpoint } from '../scripts/local/step-functions/server.ts';
import { StepFunctionsRemediationWorkflow } from '../shared/adapters/step-functions/step-functions-remediation.ts';

export async function startLocalWorkflow(stack: LocalStack, invoke: InvokeFunction) {
  const definitions = await readDefinitionFiles(join(import.meta.dirname, '..', 'resources', 'statemachines'), {
    RequestApprovalFunction: 'request-approval',
    ExecuteActionFunction: 'execute-action',
    RecordOutcomeFunction: 'record-outcome',
  });
  const sfn = await startStepFunctionsEndpoint({ port: await freePort(), definitions, invoke });
  const workflow = new StepFunctionsRemediationWorkflow(
    new SFNClient({ endpoint: sfn.endpoint, region: stack.region, credentials: LOCAL_CREDENTIALS }),
    sfn.stateMachineArn('remediation'),
  );
  return { sfn, workflow, definitions };
}
