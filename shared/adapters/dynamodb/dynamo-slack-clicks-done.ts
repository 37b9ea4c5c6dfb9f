/** Clicks carried out, in the Slack table: `click#<click key>`, kept a day (Slack stops redelivering within minutes). */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SlackClicksDone } from '../../domain/slack/slack-click.ts';

const KEPT_SECONDS = 86_400;

export class DynamoSlackClicksDone implements SlackClicksDone {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async has(clickKey: string): Promise<boolean> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { pk: `click#${clickKey}`, sk: 'done' }, ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  async add(clickKey: string): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + KEPT_SECONDS;
    await this.#client.send(new PutCommand({ TableName: this.#table, Item: { pk: `click#${clickKey}`, sk: 'done', expiresAt } }));
  }
}
