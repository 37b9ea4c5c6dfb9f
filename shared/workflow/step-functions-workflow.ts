import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Workflow } from '../domain/workflow.ts';

/** Step Functions' "that task is over" answers: the approval is brought in line, never a 5xx. */
function isGone(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TaskTimedOut' || error.name === 'TaskDoesNotExist');
}

export class StepFunctionsWorkflow implements Workflow {
  readonly #client: SFNClient;

  constructor(client: SFNClient) {
    this.#client = client;
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
