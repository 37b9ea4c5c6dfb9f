/**
 * The received counters in the stats table, on one item per tenant (`period` = `received`), one
 * number attribute per source and outcome (`alertmanager/created`), added to atomically. Approximate
 * by a little: an ADD the SDK retries after a lost answer counts twice.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Outcome, Source } from '../../domain/alerts/alert.ts';
import type { ReceivedCount, ReceivedCounter } from '../../domain/metrics/received-counter.ts';

/** Apart from the periods (periods.ts), which the audit writer rewrites whole. */
export const RECEIVED_PERIOD = 'received';
const SEPARATOR = '/';
/** A metric must not hold a webhook's answer: past this the count is given up (and logged by the caller). */
const ADD_TIMEOUT_MS = 500;

export class DynamoReceivedCounter implements ReceivedCounter {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async add(tenant: string, source: Source, counts: Readonly<Record<Outcome, number>>): Promise<void> {
    const added = Object.entries(counts).filter(([, n]) => n > 0);
    if (added.length === 0) return;
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { tenant, period: RECEIVED_PERIOD },
        UpdateExpression: `ADD ${added.map((_, i) => `#k${i} :n${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(added.map(([outcome], i) => [`#k${i}`, `${source}${SEPARATOR}${outcome}`])),
        ExpressionAttributeValues: Object.fromEntries(added.map(([, n], i) => [`:n${i}`, n])),
      }),
      { abortSignal: AbortSignal.timeout(ADD_TIMEOUT_MS) },
    );
  }

  async read(tenant: string): Promise<ReceivedCount[]> {
    const { Item = {} } = await this.#client.send(new GetCommand({ TableName: this.#table, Key: { tenant, period: RECEIVED_PERIOD } }));
    return Object.entries(Item).flatMap(([name, value]) => {
      const [source, outcome, ...rest] = name.split(SEPARATOR);
      return source === undefined || outcome === undefined || rest.length > 0 || typeof value !== 'number'
        ? []
        : [{ source, outcome, count: value }];
    });
  }
}
