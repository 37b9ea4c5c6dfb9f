/**
 * The register of open live connections: one item per connection (its id the key, so closing
 * forgets it by id alone), listed per tenant through the byTenant index; TTL drops those whose
 * token expired without a clean close.
 */
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LiveConnection, LiveConnections, LiveListener } from '../../domain/live/live-updates.ts';

export class DynamoLiveConnections implements LiveConnections {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async add(connection: LiveConnection): Promise<void> {
    await this.#client.send(new PutCommand({ TableName: this.#table, Item: { ...connection } }));
  }

  async remove(connectionId: string): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#table, Key: { connectionId } }));
  }

  async ofTenant(tenant: string, limit: number): Promise<LiveListener[]> {
    const listeners: LiveListener[] = [];
    let start: Record<string, unknown> | undefined;
    const now = Math.floor(Date.now() / 1000);
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'byTenant',
          KeyConditionExpression: 'tenant = :tenant',
          // TTL deletes within days, not at once: an expired connection is already gone for us.
          FilterExpression: 'expiresAt > :now',
          ExpressionAttributeValues: { ':tenant': tenant, ':now': now },
          Limit: limit,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.connectionId !== 'string') continue;
        // An index without `subject` (a table from before it was projected) still lists every connection.
        const subject = typeof item.subject === 'string' ? { subject: item.subject } : {};
        listeners.push({ connectionId: item.connectionId, auditor: item.auditor === true, ...subject });
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined && listeners.length < limit);
    return listeners.slice(0, limit);
  }
}
