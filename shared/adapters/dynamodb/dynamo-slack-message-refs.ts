/** Where each approval's Slack message is, in the Slack table: `message#<tenant>`, by approval id. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageRef, SlackMessageRefs } from '../../domain/slack/slack-messages.ts';

/** Approvals are closed within days; their messages need no updating after a month. */
const KEPT_SECONDS = 30 * 86_400;

export class DynamoSlackMessageRefs implements SlackMessageRefs {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async get(tenant: string, approvalId: string): Promise<MessageRef | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { pk: `message#${tenant}`, sk: approvalId }, ConsistentRead: true }),
    );
    return typeof Item?.channel === 'string' && typeof Item.ts === 'string' ? { channel: Item.channel, ts: Item.ts } : undefined;
  }

  async save(tenant: string, approvalId: string, ref: MessageRef): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + KEPT_SECONDS;
    await this.#client.send(
      new PutCommand({ TableName: this.#table, Item: { pk: `message#${tenant}`, sk: approvalId, ...ref, expiresAt } }),
    );
  }
}
