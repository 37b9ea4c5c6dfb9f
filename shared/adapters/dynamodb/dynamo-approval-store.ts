import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../domain/alerts/alert-store.ts';
import type { ApprovalStatus } from '../../domain/approvals/approval.ts';
import type { ApprovalStore, StoredApproval } from '../../domain/approvals/approval-store.ts';
import { BadRequestError, ConflictError } from '../../domain/errors.ts';
import { approvalFromItem, approvalToItem } from './approval-item.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { type Item, text } from './item-fields.ts';

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
        new PutCommand({ TableName: this.#table, Item: approvalToItem(approval), ConditionExpression: 'attribute_not_exists(id)' }),
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
    return Item === undefined ? undefined : approvalFromItem(Item);
  }

  async transition(approval: StoredApproval): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: approvalToItem(approval),
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
      items: (output.Items ?? []).map(approvalFromItem),
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
