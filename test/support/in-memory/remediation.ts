/**
 * The approval store and the remediation workflow in memory, for fast use-case tests: the store
 * keeps the DynamoDB adapter's version condition, the workflow records what it was told and can
 * answer `gone` (a task the state machine already closed) or fail like an unreachable endpoint.
 */
import type { RemediationDeps } from '../../../shared/app/remediation/deps.ts';
import type { Page } from '../../../shared/domain/alerts/alert-store.ts';
import type { ApprovalStatus } from '../../../shared/domain/approvals/approval.ts';
import type { ApprovalStore, StoredApproval } from '../../../shared/domain/approvals/approval-store.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import type { RemediationRequest } from '../../../shared/domain/remediation/remediation.ts';
import type { RemediationWorkflow } from '../../../shared/domain/remediation/remediation-workflow.ts';
import { DEFAULT_TENANT_CONFIG } from '../../../shared/domain/tenants/tenant-config.ts';
import { recordingLog } from '../recording-log.ts';
import { InMemoryAlertStore } from './alert-store.ts';
import { InMemoryIncidentStore, InMemoryTargetStore } from './incidents.ts';
import { RecordingAuditLog } from './queues.ts';
import { InMemoryRateLimiter } from './rate-limiter.ts';

export class InMemoryApprovalStore implements ApprovalStore {
  readonly #approvals = new Map<string, StoredApproval>();

  async create(approval: StoredApproval): Promise<StoredApproval> {
    const key = `${approval.tenant}\u0000${approval.id}`;
    const existing = this.#approvals.get(key);
    if (existing !== undefined) return structuredClone(existing);
    this.#approvals.set(key, structuredClone(approval));
    return approval;
  }

  async get(tenant: string, id: string): Promise<StoredApproval | undefined> {
    const found = this.#approvals.get(`${tenant}\u0000${id}`);
    return found === undefined ? undefined : structuredClone(found);
  }

  async transition(approval: StoredApproval): Promise<void> {
    const key = `${approval.tenant}\u0000${approval.id}`;
    if (this.#approvals.get(key)?.version !== approval.version - 1) throw new ConflictError(`Approval ${approval.id} changed meanwhile`);
    this.#approvals.set(key, structuredClone(approval));
  }

  async list(tenant: string, status: ApprovalStatus, limit: number): Promise<Page<StoredApproval>> {
    const items = [...this.#approvals.values()].filter((a) => a.tenant === tenant && a.status === status).slice(0, limit);
    return { items: items.map((approval) => structuredClone(approval)) };
  }

  async overdue(now: string, limit: number): Promise<readonly StoredApproval[]> {
    return [...this.#approvals.values()].filter((a) => a.status === 'pending' && a.deadline < now).slice(0, limit);
  }
}

export interface WorkflowCall {
  readonly call: 'start' | 'approve' | 'refuse';
  readonly token?: string;
  readonly detail?: unknown;
}

export class RecordingWorkflow implements RemediationWorkflow {
  readonly calls: WorkflowCall[] = [];
  /** What the next approve/refuse answers: `gone` for a closed task, an Error for an endpoint that fails. */
  answer: 'resumed' | 'gone' | Error = 'resumed';

  readonly #started = new Set<string>();

  /** Like Step Functions: the execution name is the idempotency key. */
  async start(request: RemediationRequest): Promise<'started' | 'already-started'> {
    this.calls.push({ call: 'start', detail: request.execution });
    if (this.#started.has(request.execution)) return 'already-started';
    this.#started.add(request.execution);
    return 'started';
  }

  /** The executions started, each once. */
  get executions(): readonly string[] {
    return [...this.#started];
  }

  async approve(taskToken: string, output: unknown): Promise<'resumed' | 'gone'> {
    return this.#answer({ call: 'approve', token: taskToken, detail: output });
  }

  async refuse(taskToken: string, error: string): Promise<'resumed' | 'gone'> {
    return this.#answer({ call: 'refuse', token: taskToken, detail: error });
  }

  #answer(call: WorkflowCall): 'resumed' | 'gone' {
    if (this.answer instanceof Error) throw this.answer;
    this.calls.push(call);
    return this.answer;
  }
}

/** The remediation use cases' dependencies, all in memory, at a fixed time. */
export function inMemoryRemediationDeps(now: Date) {
  const approvals = new InMemoryApprovalStore();
  const workflow = new RecordingWorkflow();
  const audit = new RecordingAuditLog();
  const deps: RemediationDeps = {
    alerts: new InMemoryAlertStore(),
    approvals,
    workflow,
    incidents: new InMemoryIncidentStore(),
    targets: new InMemoryTargetStore(),
    limiter: new InMemoryRateLimiter(),
    audit,
    configOf: async () => DEFAULT_TENANT_CONFIG,
    notify: async () => undefined,
    log: recordingLog(),
    now: () => now,
  };
  return { deps, approvals, workflow, audit };
}
