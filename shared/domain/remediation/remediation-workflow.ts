import type { RemediationRequest } from './remediation.ts';

/** The remediation workflow: start an execution, and resume or fail the task waiting on a token. */
export interface RemediationWorkflow {
  /** Starts the execution named `request.execution`; `already-started` when it exists (a retry). */
  start(request: RemediationRequest): Promise<'started' | 'already-started'>;
  /** `gone`: the task is over already (it timed out, or its execution ended). */
  approve(taskToken: string, output: unknown): Promise<'resumed' | 'gone'>;
  refuse(taskToken: string, error: 'ApprovalRejected' | 'ApprovalExpired' | 'AlertResolved', cause: string): Promise<'resumed' | 'gone'>;
}
