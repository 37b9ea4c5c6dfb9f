/**
 * Tenants' counters in the stats table: `tenant` and `period` (periods.ts) as the key, the
 * counters as a map, and on each period `countedSeq`, how far it is counted (all time's is the
 * tenant's cursor). Hours and days expire by TTL. A run writes each period with a conditional
 * Put on the `countedSeq` it read, all time last: no transaction, which DynamoDB bills twice
 * (every audit batch writes three). The counters are stored compressed: as a map they were about
 * 4 KB a period for a small tenant (4 WRU a write), and they grow with its alert names and services.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { OUTCOMES } from '../../domain/stats/action-history.ts';
import { LATENCY_BOUNDS_SECONDS, LLM_LATENCY_BOUNDS_SECONDS } from '../../domain/stats/histogram.ts';
import { type Granularity, RETENTION_DAYS, TOTAL } from '../../domain/stats/periods.ts';
import { type CountedPeriod, MAX_PERIODS_PER_SAVE, type StatsStore } from '../../domain/stats/stats-store.ts';
import type { TenantStats } from '../../domain/stats/tenant-stats.ts';
import { batchGetAll } from './batch-get-all.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { compressedJson, compressJson, decodeItem } from './item-codec.ts';

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

/** The counters compressed (`compressedStats`), or as a map on items written before they were. */
const periodItemSchema = z
  .object({
    period: z.string(),
    compressedStats: compressedJson(statsSchema).optional(),
    stats: statsSchema.optional(),
    countedSeq: z.number().int().min(0).default(0),
  })
  .transform(({ compressedStats, stats, ...rest }, ctx) => {
    const counters = compressedStats ?? stats;
    if (counters !== undefined) return { ...rest, stats: counters };
    ctx.addIssue({ code: 'custom', message: 'holds no counters' });
    return z.NEVER;
  });

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
    const counted = await this.counted(tenant, keys);
    return new Map([...counted].map(([key, { stats }]) => [key, stats]));
  }

  async counted(tenant: string, keys: readonly string[]): Promise<Map<string, CountedPeriod>> {
    const items = await batchGetAll(
      this.#client,
      this.#table,
      [...new Set(keys)].map((period) => ({ tenant, period })),
    );
    return new Map(
      items.map((item) => {
        const { period, stats, countedSeq } = decodeItem(periodItemSchema, item, 'stats period');
        return [period, { stats, countedSeq }];
      }),
    );
  }

  async save(tenant: string, periods: ReadonlyMap<string, CountedPeriod>, to: number): Promise<'saved' | 'moved'> {
    if (periods.size > MAX_PERIODS_PER_SAVE) throw new RangeError(`at most ${MAX_PERIODS_PER_SAVE} periods per save`);
    const pending = [...periods].filter(([, { countedSeq }]) => countedSeq < to);
    const run = randomUUID();
    const others = await Promise.all(pending.filter(([period]) => period !== TOTAL).map((entry) => this.#write(tenant, entry, to, run)));
    if (others.includes('moved')) return 'moved';
    const total = pending.find(([period]) => period === TOTAL);
    return total === undefined ? 'saved' : this.#write(tenant, total, to, run);
  }

  async #write(
    tenant: string,
    [period, { stats, countedSeq }]: readonly [string, CountedPeriod],
    to: number,
    run: string,
  ): Promise<'saved' | 'moved'> {
    const ttl = expiresAt(period);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            tenant,
            period,
            compressedStats: compressJson(stats),
            countedSeq: to,
            countedBy: run,
            ...(ttl === undefined ? {} : { expiresAt: ttl }),
          },
          // Not counted yet, or counted before periods kept their own cursor: it may have none.
          ConditionExpression: countedSeq === 0 ? 'attribute_not_exists(countedSeq) OR countedSeq = :from' : 'countedSeq = :from',
          ExpressionAttributeValues: { ':from': countedSeq },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'saved';
    } catch (error: unknown) {
      if (!isConditionFailure(error)) throw error;
      // The SDK sent it again after an answer was lost: the first one was written, by this run.
      const stored = error instanceof ConditionalCheckFailedException ? error.Item : undefined;
      return stored?.countedBy?.S === run && stored.countedSeq?.N === String(to) ? 'saved' : 'moved';
    }
  }
}
