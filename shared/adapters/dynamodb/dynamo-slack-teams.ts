/**
 * The Slack workspace register, in the Slack table: `pk = team#<team id>`, `sk = tenant`, the
 * tenant that holds it. A claim is a conditional Put: the first tenant to name a workspace keeps
 * it until it lets go.
 */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SlackTeams } from '../../domain/slack/slack-teams.ts';
import { isConditionFailure } from './dynamo-errors.ts';

const key = (teamId: string) => ({ pk: `team#${teamId}`, sk: 'tenant' });

export class DynamoSlackTeams implements SlackTeams {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async tenantOf(teamId: string): Promise<string | undefined> {
    const { Item } = await this.#client.send(new GetCommand({ TableName: this.#table, Key: key(teamId) }));
    return typeof Item?.tenant === 'string' ? Item.tenant : undefined;
  }

  async claim(teamId: string, tenant: string): Promise<'claimed' | 'taken'> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...key(teamId), tenant },
          ConditionExpression: 'attribute_not_exists(pk) OR tenant = :tenant',
          ExpressionAttributeValues: { ':tenant': tenant },
        }),
      );
      return 'claimed';
    } catch (error: unknown) {
      if (isConditionFailure(error)) return 'taken';
      throw error;
    }
  }

  async release(teamId: string, tenant: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: key(teamId),
          ConditionExpression: 'tenant = :tenant',
          ExpressionAttributeValues: { ':tenant': tenant },
        }),
      );
    } catch (error: unknown) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
