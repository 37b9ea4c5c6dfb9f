import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { RemediationRequest } from '../../domain/remediation/remediation.ts';
import type { RemediationWorkflow } from '../../domain/remediation/remediation-workflow.ts';

/** Step Functions' "that task is over" answers: the approval is brought in line, never a 5xx. */
function isGone(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TaskTimedOut' || error.name === 'TaskDoesNotExist');
}

export class StepFunctionsRemediationWorkflow implements RemediationWorkflow {
  readonly #client: SFNClient;
  readonly #stateMachineArn: string;

  constructor(client: SFNClient, stateMachineArn: string) {
    this.#client = client;
    this.#stateMachineArn = stateMachineArn;
  }

  /**
   * Names are unique per state machine for 90 days: the same request started twice (a redelivered
   * triage message) finds its execution there. Step Functions answers a repeat with the same input
   * with success while it runs and ExecutionAlreadyExists once it ended; both mean "already started".
   */
  async start(request: RemediationRequest): Promise<'started' | 'already-started'> {
    try {
      await this.#client.send(
        new StartExecutionCommand({ stateMachineArn: this.#stateMachineArn, name: request.execution, input: JSON.stringify(request) }),
      );
      return 'started';
    } catch (error: unknown) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }

  async approve(taskToken: string, output: unknown): Promise<'resumed' | 'gone'> {
    try {
      await this.#client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return 'resumed';
    } catch (error: unknown) {
      if (isGone(error)) return 'gone';
      throw error;
    }
  }

  async refuse(
    taskToken: string,
    error: 'ApprovalRejected' | 'ApprovalExpired' | 'AlertResolved',
    cause: string,
  ): Promise<'resumed' | 'gone'> {
    try {
      await this.#client.send(new SendTaskFailureCommand({ taskToken, error, cause: cause.slice(0, 32_000) }));
      return 'resumed';
    } catch (failure: unknown) {
      if (isGone(failure)) return 'gone';
      throw failure;
    }
  }
}
