/** The aggregate routes, wired: the stats table alone. */
import { DynamoStatsStore } from '../../adapters/dynamodb/dynamo-stats-store.ts';
import { dynamodb } from './aws.ts';
import { api } from './parts.ts';

export function statsApi() {
  const { config, http } = api(['STATS_TABLE']);
  return { http, stats: new DynamoStatsStore(dynamodb(), config.STATS_TABLE) };
}
