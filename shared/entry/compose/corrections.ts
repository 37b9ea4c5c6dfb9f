/** The correction routes, wired: the alerts (their decisions and outbox), the audit queue and the learning table. */
import { DynamoLearningStore } from '../../adapters/dynamodb/dynamo-learning-store.ts';
import { logger } from '../../adapters/observability.ts';
import { SqsTriageQueue } from '../../adapters/sqs/sqs-triage-queue.ts';
import type { CorrectionDeps } from '../../app/triage/correct-alert.ts';
import { dynamodb, sqs } from './aws.ts';
import { alertStore, api } from './parts.ts';

/** Listing: the learning table only. */
export function correctionListApi() {
  const { config, http } = api(['LEARNING_TABLE']);
  return { http, learning: new DynamoLearningStore(dynamodb(), config.LEARNING_TABLE) };
}

/** Correcting and undoing. */
export function correctionChangeApi(): CorrectionDeps & { http: ReturnType<typeof api>['http'] } {
  const { config, http, audit, configOf } = api(['LEARNING_TABLE', 'ALERTS_TABLE', 'TRIAGE_QUEUE_NAME']);
  return {
    http,
    configOf,
    learning: new DynamoLearningStore(dynamodb(), config.LEARNING_TABLE),
    alerts: alertStore(config),
    // A decision's outbox holds audit events only; the queue is there for the delivery's type.
    queue: new SqsTriageQueue(sqs(), config.TRIAGE_QUEUE_NAME),
    audit,
    log: logger,
  };
}
