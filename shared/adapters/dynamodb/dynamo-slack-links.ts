/**
 * Link codes and links in the Slack table: `code#<sha-256 of the code>` (TTL ten minutes), and a
 * tenant's links under `links#<tenant>`, sorted by `<team id>#<user id>`, so listing them is one
 * Query and finding one a GetItem. Redeeming a code is a DeleteItem conditioned on its tenant.
 */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ROLES } from '../../domain/roles.ts';
import type { LinkCode, SlackLink, SlackLinks } from '../../domain/slack/slack-links.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { decodeItem } from './item-codec.ts';

const codeSchema = z.object({ tenant: z.string(), teamId: z.string(), userId: z.string(), expiresAt: z.number() });
const linkSchema = codeSchema.extend({ subject: z.string(), roles: z.array(z.enum(ROLES)), linkedAt: z.string() });

const linkKey = (tenant: string, teamId: string, userId: string) => ({ pk: `links#${tenant}`, sk: `${teamId}#${userId}` });

export class DynamoSlackLinks implements SlackLinks {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async issueCode(hash: string, code: LinkCode): Promise<void> {
    await this.#client.send(new PutCommand({ TableName: this.#table, Item: { pk: `code#${hash}`, sk: 'code', ...code } }));
  }

  async redeemCode(hash: string, tenant: string): Promise<LinkCode | undefined> {
    try {
      const { Attributes } = await this.#client.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: { pk: `code#${hash}`, sk: 'code' },
          ConditionExpression: 'tenant = :tenant',
          ExpressionAttributeValues: { ':tenant': tenant },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes === undefined ? undefined : decodeItem(codeSchema, Attributes, 'Slack link code');
    } catch (error: unknown) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async save(link: SlackLink): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...linkKey(link.tenant, link.teamId, link.userId), ...link, roles: [...link.roles] },
      }),
    );
  }

  async get(tenant: string, teamId: string, userId: string): Promise<SlackLink | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: linkKey(tenant, teamId, userId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : decodeItem(linkSchema, Item, 'Slack link');
  }

  async list(tenant: string): Promise<readonly SlackLink[]> {
    const links: SlackLink[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `links#${tenant}` },
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      links.push(...(page.Items ?? []).map((item) => decodeItem(linkSchema, item, 'Slack link')));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return links;
  }

  async remove(tenant: string, teamId: string, userId: string): Promise<boolean> {
    const { Attributes } = await this.#client.send(
      new DeleteCommand({ TableName: this.#table, Key: linkKey(tenant, teamId, userId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }
}
