/**
 * Tenants' counters in the stats table: `tenant` and `period` (periods.ts) as the key, the
 * counters as a map, and on `total` the cursor `countedSeq`. Hours and days expire by TTL. One
 * transaction writes a run's periods with the cursor, conditioned on the cursor read.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { OUTCOMES } from '../../domain/stats/action-history.ts';
import { LATENCY_BOUNDS_SECONDS, LLM_LATENCY_BOUNDS_SECONDS } from '../../domain/stats/histogram.ts';
import { type Granularity, RETENTION_DAYS, TOTAL } from '../../domain/stats/periods.ts';
import { MAX_PERIODS_PER_SAVE, type StatsStore } from '../../domain/stats/stats-store.ts';
import type { TenantStats } from '../../domain/stats/tenant-stats.ts';
import { batchGetAll } from './batch-get-all.ts';
import { decodeItem } from './item-codec.ts';

const tally = z.record(z.string(), z.number().nonnegative()).prefault({});
const histogram = z
  .object({
    counts: z.array(z.number().int().nonnegative()).length(LATENCY_BOUNDS_SECONDS.length + 1),
    count: z.number().int().nonnegative(),
    sumSeconds: z.number().nonnegative(),
  })
  .prefault({ counts: new Array<number>(LATENCY_BOUNDS_SECONDS.length + 1).fill(0), count: 0, sumSeconds: 0 });
const actionRecord = z.object({
  approved: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  recent: z.array(z.object({ outcome: z.enum(OUTCOMES), at: z.string(), reason: z.string().optional() })),
});
const llmLatency = z
  .object({
    counts: z.array(z.number().int().nonnegative()).length(LLM_LATENCY_BOUNDS_SECONDS.length + 1),
    count: z.number().int().nonnegative(),
    sumSeconds: z.number().nonnegative(),
  })
  .prefault({ counts: new Array<number>(LLM_LATENCY_BOUNDS_SECONDS.length + 1).fill(0), count: 0, sumSeconds: 0 });
const usage = z.object({
  decisions: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  // Counted since the models page: zero on periods from before.
  abstentions: z.number().default(0),
  corrected: z.number().default(0),
  overruled: z.number().default(0),
  latency: llmLatency,
});

/** Every field defaults, so a counter added later reads as zero on an older item. */
const statsSchema = z.object({
  alertsBySeverity: tally,
  alertsBySource: tally,
  alertsByCategory: tally,
  incidentsBySeverity: tally,
  incidentsByCategory: tally,
  alertNames: tally,
  services: tally,
  deciders: tally,
  actionsByMode: tally,
  actionOutcomes: tally,
  approvals: tally,
  acknowledge: histogram,
  resolve: histogram,
  approvalLatency: histogram,
  llm: z.record(z.string(), usage).prefault({}),
  actionHistory: z.record(z.string(), actionRecord).prefault({}),
}) satisfies z.ZodType<TenantStats>;

const periodItemSchema = z.object({ period: z.string(), stats: statsSchema });

/** Hours and days expire; all time and the action history do not. */
function expiresAt(period: string): number | undefined {
  const granularity = period.split('#')[0];
  if (granularity !== 'hour' && granularity !== 'day') return undefined;
  return Math.floor(Date.now() / 1000) + RETENTION_DAYS[granularity satisfies Granularity] * 86_400;
}

export class DynamoStatsStore implements StatsStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async countedThrough(tenant: string): Promise<number> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { tenant, period: TOTAL }, ProjectionExpression: 'countedSeq', ConsistentRead: true }),
    );
    return typeof Item?.countedSeq === 'number' ? Item.countedSeq : 0;
  }

  async periods(tenant: string, keys: readonly string[]): Promise<Map<string, TenantStats>> {
    const items = await batchGetAll(
      this.#client,
      this.#table,
      [...new Set(keys)].map((period) => ({ tenant, period })),
    );
    return new Map(
      items.map((item) => {
        const decoded = decodeItem(periodItemSchema, item, 'stats period');
        return [decoded.period, decoded.stats];
      }),
    );
  }

  async save(tenant: string, periods: ReadonlyMap<string, TenantStats>, from: number, to: number): Promise<'saved' | 'moved'> {
    if (periods.size > MAX_PERIODS_PER_SAVE) throw new RangeError(`at most ${MAX_PERIODS_PER_SAVE} periods per save`);
    const others = [...periods].filter(([period]) => period !== TOTAL);
    const total = periods.get(TOTAL);
    const cursor = {
      Put: {
        TableName: this.#table,
        Item: { tenant, period: TOTAL, countedSeq: to, ...(total === undefined ? {} : { stats: total }) },
        // Nothing counted yet: the cursor may not exist. Otherwise it must be where it was read.
        ConditionExpression: from === 0 ? 'attribute_not_exists(countedSeq) OR countedSeq = :from' : 'countedSeq = :from',
        ExpressionAttributeValues: { ':from': from },
      },
    };
    const puts = others.map(([period, stats]) => {
      const ttl = expiresAt(period);
      return { Put: { TableName: this.#table, Item: { tenant, period, stats, ...(ttl === undefined ? {} : { expiresAt: ttl }) } } };
    });
    try {
      await this.#client.send(new TransactWriteCommand({ TransactItems: [cursor, ...puts] }));
      return 'saved';
    } catch (error: unknown) {
      // The cursor moved, or a racing writer's transaction held an item: read again.
      const lost =
        error instanceof TransactionCanceledException &&
        (error.CancellationReasons ?? []).some(
          (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
        );
      if (lost) return 'moved';
      throw error;
    }
  }
}
