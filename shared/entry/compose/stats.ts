/** The aggregate routes, wired. */

/** The dashboard: the stats table alone. */
import { DynamoAuditStore } from '../../adapters/dynamodb/dynamo-audit-store.ts';
import { DynamoReceivedCounter } from '../../adapters/dynamodb/dynamo-received-counter.ts';
import { DynamoStatsStore } from '../../adapters/dynamodb/dynamo-stats-store.ts';
import { dynamodb } from './aws.ts';
import { api } from './parts.ts';

export function statsApi() {
  const { config, http } = api(['STATS_TABLE']);
  return { http, stats: new DynamoStatsStore(dynamodb(), config.STATS_TABLE) };
}

/** The metrics route: the stats table and the audit chain's head. */
export function metricsApi() {
  const { config, http } = api(['STATS_TABLE', 'AUDIT_TABLE']);
  return {
    http,
    stats: new DynamoStatsStore(dynamodb(), config.STATS_TABLE),
    received: new DynamoReceivedCounter(dynamodb(), config.STATS_TABLE),
    audit: new DynamoAuditStore(dynamodb(), config.AUDIT_TABLE),
  };
}
