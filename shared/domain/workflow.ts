/** The remediation workflow, as the approvals see it: resume or fail the task waiting on a token. */
export interface Workflow {
  /** `gone`: the task is over already (it timed out, or its execution ended). */
  approve(taskToken: string, output: unknown): Promise<'resumed' | 'gone'>;
  refuse(taskToken: string, error: 'ApprovalRejected' | 'ApprovalExpired' | 'AlertResolved', cause: string): Promise<'resumed' | 'gone'>;
}
