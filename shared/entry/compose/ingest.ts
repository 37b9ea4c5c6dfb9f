/** The webhook route and the owed-events sweeper, wired. */
import { DynamoReceivedCounter } from '../../adapters/dynamodb/dynamo-received-counter.ts';
import { logger, meter } from '../../adapters/observability.ts';
import { SqsTriageQueue } from '../../adapters/sqs/sqs-triage-queue.ts';
import type { IngestDeps } from '../../app/ingest/ingest-alerts.ts';
import { type Config, readConfig } from '../config/config.ts';
import { dynamodb, sqs } from './aws.ts';
import { alertStore, api, auditLog } from './parts.ts';

function ingestDeps(config: Config<'ALERTS_TABLE' | 'TRIAGE_QUEUE_NAME' | 'AUDIT_QUEUE_NAME'>, audit = auditLog(config)): IngestDeps {
  return { alerts: alertStore(config), queue: new SqsTriageQueue(sqs(), config.TRIAGE_QUEUE_NAME), audit, log: logger, meter };
}

export function ingestApi() {
  const { config, http, audit } = api(['ALERTS_TABLE', 'TRIAGE_QUEUE_NAME', 'STATS_TABLE']);
  return { http, ingest: { ...ingestDeps(config, audit), received: new DynamoReceivedCounter(dynamodb(), config.STATS_TABLE) } };
}

export function owedEventsSweeper(): IngestDeps {
  return ingestDeps(readConfig(['ALERTS_TABLE', 'TRIAGE_QUEUE_NAME', 'AUDIT_QUEUE_NAME']));
}
