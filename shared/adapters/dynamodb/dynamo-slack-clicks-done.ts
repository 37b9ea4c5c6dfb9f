/** Clicks taken, in the Slack table: `click#<click key>`, kept a day (Slack stops redelivering within minutes). */
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SlackClicksDone } from '../../domain/slack/slack-click.ts';
import { isConditionFailure } from './dynamo-errors.ts';

const KEPT_SECONDS = 86_400;

export class DynamoSlackClicksDone implements SlackClicksDone {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async claim(clickKey: string): Promise<boolean> {
    const expiresAt = Math.floor(Date.now() / 1000) + KEPT_SECONDS;
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { pk: `click#${clickKey}`, sk: 'done', expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error: unknown) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(clickKey: string): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#table, Key: { pk: `click#${clickKey}`, sk: 'done' } }));
  }
}
