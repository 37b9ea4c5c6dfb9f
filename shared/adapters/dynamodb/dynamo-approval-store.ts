import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ACTION_NAMES } from '../../domain/actions/registry.ts';
import { RISKS } from '../../domain/actions/risk.ts';
import type { Page } from '../../domain/alerts/alert-store.ts';
import { APPROVAL_STATUSES, type ApprovalStatus, type Vote } from '../../domain/approvals/approval.ts';
import type { ApprovalStore, StoredApproval } from '../../domain/approvals/approval-store.ts';
import { BadRequestError, ConflictError } from '../../domain/errors.ts';
import type { ExecutionOutcome } from '../../domain/remediation/execution-outcome.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { count, type Item, nested, oneOf, text } from './item-fields.ts';

function votesOf(value: unknown): Vote[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw) => {
    const vote = nested(raw);
    const kind = vote === undefined ? undefined : oneOf(['approve', 'reject'] as const, vote.vote);
    if (vote === undefined || kind === undefined) return [];
    const note = text(vote, 'note');
    return [{ by: text(vote, 'by') ?? '', vote: kind, at: text(vote, 'at') ?? '', ...(note === undefined ? {} : { note }) }];
  });
}

function fromItem(item: Item): StoredApproval {
  const action = nested(item.action) ?? {};
  const decidedAt = text(item, 'decidedAt');
  const reason = text(item, 'reason');
  const outcome = typeof item.outcome === 'string' ? (JSON.parse(item.outcome) as ExecutionOutcome) : undefined;
  return {
    tenant: text(item, 'tenant') ?? '',
    id: text(item, 'id') ?? '',
    alertId: text(item, 'alertId') ?? '',
    revision: count(item, 'revision'),
    execution: text(item, 'execution') ?? '',
    action: { name: oneOf(ACTION_NAMES, action.name) ?? 'notify', params: nested(action.params) ?? {} },
    risk: oneOf(RISKS, item.risk) ?? 'high',
    requiredApprovals: count(item, 'requiredApprovals') === 2 ? 2 : 1,
    votes: votesOf(item.votes),
    status: oneOf<ApprovalStatus>(APPROVAL_STATUSES, item.status) ?? 'pending',
    deadline: text(item, 'deadline') ?? '',
    createdAt: text(item, 'createdAt') ?? '',
    requestedBy: text(item, 'requestedBy') ?? '',
    ...(decidedAt === undefined ? {} : { decidedAt }),
    ...(reason === undefined ? {} : { reason }),
    ...(outcome === undefined ? {} : { outcome }),
    version: count(item, 'version'),
    taskToken: text(item, 'taskToken') ?? '',
  };
}

/** The index keys: tenant + status for listing, status + deadline for the expiry job. */
function toItem(approval: StoredApproval): Item {
  return {
    ...approval,
    outcome: approval.outcome === undefined ? undefined : JSON.stringify(approval.outcome),
    tenantStatus: `${approval.tenant}#${approval.status}`,
  };
}

export class DynamoApprovalStore implements ApprovalStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async create(approval: StoredApproval): Promise<StoredApproval> {
    try {
      await this.#client.send(
        new PutCommand({ TableName: this.#table, Item: toItem(approval), ConditionExpression: 'attribute_not_exists(id)' }),
      );
      return approval;
    } catch (error: unknown) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.get(approval.tenant, approval.id);
      if (existing === undefined) throw error;
      return existing;
    }
  }

  async get(tenant: string, id: string): Promise<StoredApproval | undefined> {
    const { Item } = await this.#client.send(new GetCommand({ TableName: this.#table, Key: { tenant, id }, ConsistentRead: true }));
    return Item === undefined ? undefined : fromItem(Item);
  }

  async transition(approval: StoredApproval): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: toItem(approval),
          ConditionExpression: 'version = :previous',
          ExpressionAttributeValues: { ':previous': approval.version - 1 },
        }),
      );
    } catch (error: unknown) {
      if (isConditionFailure(error)) throw new ConflictError(`Approval ${approval.id} changed meanwhile`, { cause: error });
      throw error;
    }
  }

  async list(tenant: string, status: ApprovalStatus, limit: number, cursor: string | undefined): Promise<Page<StoredApproval>> {
    let startKey: Item | undefined;
    if (cursor !== undefined) {
      const position = decodeCursor(cursor, ['id', 'createdAt']);
      if ((position.id ?? '') === '' || (position.createdAt ?? '') === '')
        throw new BadRequestError('The cursor is not one this API issued');
      startKey = { tenant, id: position.id, tenantStatus: `${tenant}#${status}`, createdAt: position.createdAt };
    }
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'byTenantStatus',
        KeyConditionExpression: 'tenantStatus = :key',
        ExpressionAttributeValues: { ':key': `${tenant}#${status}` },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    const last = output.LastEvaluatedKey;
    return {
      items: (output.Items ?? []).map(fromItem),
      cursor: last === undefined ? undefined : encodeCursor({ id: String(last.id), createdAt: String(last.createdAt) }),
    };
  }

  async overdue(now: string, limit: number): Promise<readonly StoredApproval[]> {
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'byStatusDeadline',
        KeyConditionExpression: '#status = :pending AND deadline < :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending', ':now': now },
        Limit: limit,
      }),
    );
    // The index holds keys only: read each (consistently) for its current state.
    const found = await Promise.all((output.Items ?? []).map((item) => this.get(text(item, 'tenant') ?? '', text(item, 'id') ?? '')));
    return found.filter((approval): approval is StoredApproval => approval?.status === 'pending');
  }
}
