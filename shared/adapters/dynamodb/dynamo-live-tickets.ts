/**
 * Live tickets by hash, each gone at first use: redeeming is one DeleteItem returning the old
 * item, so two connections racing with one ticket cannot both get it. TTL clears the unused.
 */
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { LiveTicket, LiveTickets } from '../../domain/live/live-ticket.ts';
import { decodeItem } from './item-codec.ts';

const ticketItemSchema = z.object({
  tenant: z.string(),
  subject: z.string(),
  auditor: z.boolean(),
  sessionExpiresAt: z.number(),
  expiresAt: z.number(),
});

export class DynamoLiveTickets implements LiveTickets {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async issue(hash: string, ticket: LiveTicket): Promise<void> {
    await this.#client.send(new PutCommand({ TableName: this.#table, Item: { ticketHash: hash, ...ticket } }));
  }

  async redeem(hash: string): Promise<LiveTicket | undefined> {
    const { Attributes } = await this.#client.send(
      new DeleteCommand({ TableName: this.#table, Key: { ticketHash: hash }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes === undefined ? undefined : decodeItem(ticketItemSchema, Attributes, 'live ticket');
  }
}
