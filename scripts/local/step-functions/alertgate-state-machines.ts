/**
 * alertgate's state machines (resources/statemachines/*.asl.json) on the local Step Functions
 * endpoint, their Lambda tasks run by serverless offline.
 */
import { join } from 'node:path';
import { localFunctionName, readFunctionDefinitions } from '../functions-yml.ts';
import { isRecord } from './asl.ts';
import { readDefinitionFiles } from './definition-files.ts';
import { invokeFunctionsThroughLambdaPort } from './lambda-invoker.ts';
import { type StepFunctionsEndpoint, startStepFunctionsEndpoint } from './server.ts';

/**
 * The definitions' `${…}` placeholders (CloudFormation `DefinitionSubstitutions` in the cloud) and the
 * key in resources/functions.yml of the function each one stands for.
 */
export const TASK_FUNCTION_KEYS: Readonly<Record<string, string>> = {
  RequestApprovalFunction: 'requestApproval',
  ExecuteActionFunction: 'executeAction',
  RecordOutcomeFunction: 'recordOutcome',
};

/**
 * The placeholder values for `stage`: the functions' names under serverless offline, which its Lambda
 * port accepts (and which are the deployed functions' names too). Throws when resources/functions.yml
 * has no function for a placeholder, so a renamed function fails at start-up instead of mid-execution.
 *
 * @example
 * await taskFunctionSubstitutions(root, 'dev'); // → { ExecuteActionFunction: 'alertgate-dev-executeAction', … }
 */
export async function taskFunctionSubstitutions(root: string, stage: string): Promise<Record<string, string>> {
  const functions = await readFunctionDefinitions(root);
  return Object.fromEntries(
    Object.entries(TASK_FUNCTION_KEYS).map(([placeholder, key]) => {
      if (functions[key] === undefined)
        throw new Error(`The state machines' \${${placeholder}} is the function ${key}, which resources/functions.yml does not define`);
      return [placeholder, localFunctionName(stage, key)];
    }),
  );
}

/**
 * Starts the local Step Functions endpoint on `port` with every definition of resources/statemachines,
 * invoking Lambda tasks through serverless-offline's Lambda port at `lambdaEndpoint` (which need not
 * listen yet: tasks only run once an execution starts).
 *
 * @example
 * const sfn = await startAlertgateStateMachines({ root, stage: 'dev', port: 8083, lambdaEndpoint: 'http://127.0.0.1:3002', region: 'eu-west-1' });
 * sfn.stateMachineArn('remediation'); // → 'arn:aws:states:eu-west-1:000000000000:stateMachine:remediation'
 */
export async function startAlertgateStateMachines(options: {
  readonly root: string;
  readonly stage: string;
  readonly port: number;
  readonly lambdaEndpoint: string;
  readonly region: string;
  readonly log?: (line: string) => void;
  /** Task states' `TimeoutSeconds` replaced, by state name: the fault drills make a task time out in seconds. */
  readonly taskTimeoutSeconds?: Readonly<Record<string, number>>;
}): Promise<StepFunctionsEndpoint> {
  const definitions = await readDefinitionFiles(
    join(options.root, 'resources', 'statemachines'),
    await taskFunctionSubstitutions(options.root, options.stage),
  );
  for (const [state, seconds] of Object.entries(options.taskTimeoutSeconds ?? {})) {
    const found = Object.values(definitions).filter(({ definition }) => {
      const states = isRecord(definition) && isRecord(definition.States) ? definition.States : {};
      const task = states[state];
      if (!isRecord(task) || task.TimeoutSeconds === undefined) return false;
      task.TimeoutSeconds = seconds;
      return true;
    });
    if (found.length === 0) throw new Error(`no task state ${state} with a TimeoutSeconds in resources/statemachines`);
  }
  return startStepFunctionsEndpoint({
    port: options.port,
    definitions,
    invoke: invokeFunctionsThroughLambdaPort(options.lambdaEndpoint),
    region: options.region,
    log: options.log,
  });
}
