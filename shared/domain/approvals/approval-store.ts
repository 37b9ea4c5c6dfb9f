import type { Page } from '../alerts/alert-store.ts';
import type { Approval, ApprovalStatus } from './approval.ts';

/** An approval with the workflow's callback token, which never leaves the server. */
export interface StoredApproval extends Approval {
  readonly taskToken: string;
}

export interface ApprovalStore {
  /** Creates it unless an approval with this id exists (a redelivered request); returns what is stored. */
  create(approval: StoredApproval): Promise<StoredApproval>;
  get(tenant: string, id: string): Promise<StoredApproval | undefined>;
  /** Writes the next state if the stored version is still `approval.version - 1`; else ConflictError. */
  transition(approval: StoredApproval): Promise<void>;
  list(tenant: string, status: ApprovalStatus, limit: number, cursor: string | undefined): Promise<Page<StoredApproval>>;
  /** Pending approvals of any tenant whose deadline has passed: for the expiry job only. */
  overdue(now: string, limit: number): Promise<readonly StoredApproval[]>;
}
