/** The audit log's writer, its routes and the hourly checkpoints, wired. */

import { createLambdaClient, createS3Client } from '../../adapters/aws-clients.ts';
import { DirectoryCheckpointArchive } from '../../adapters/checkpoints/directory-checkpoint-archive.ts';
import { S3CheckpointArchive } from '../../adapters/checkpoints/s3-checkpoint-archive.ts';
import { DynamoAuditStore } from '../../adapters/dynamodb/dynamo-audit-store.ts';
import { DynamoStatsStore } from '../../adapters/dynamodb/dynamo-stats-store.ts';
import { invokedCheckpointWriter } from '../../adapters/lambda/invoked-checkpoint-writer.ts';
import { logger, meter } from '../../adapters/observability.ts';
import { isLocalRuntime } from '../../adapters/runtime.ts';
import { checkpointPrivateKey, checkpointPublicKeys } from '../../adapters/secrets/audit-checkpoint-key.ts';
import { SqsMessageSyncQueue } from '../../adapters/sqs/sqs-message-sync-queue.ts';
import type { AuditBatchDeps } from '../../app/audit/append-audit-batch.ts';
import type { CheckpointArchive } from '../../domain/audit/checkpoint-archive.ts';
import { type Config, ConfigurationError, readConfig } from '../config/config.ts';
import { dynamodb, sqs } from './aws.ts';
import { liveAnnouncer } from './live.ts';
import { api, tenantConfigs } from './parts.ts';

const ARCHIVE_VARIABLES = ['AUDIT_TABLE', 'AUDIT_CHECKPOINT_BUCKET', 'AUDIT_CHECKPOINT_DIR', 'AWS_ENDPOINT_URL_S3'] as const;
const PUBLIC_KEY_VARIABLES = ['AUDIT_CHECKPOINT_PUBLIC_KEYS', 'AUDIT_CHECKPOINT_PUBLIC_KEYS_PARAMETER'] as const;

function archiveOf(config: Config<(typeof ARCHIVE_VARIABLES)[number]>): CheckpointArchive {
  // A directory on the local emulators (the launcher sets it); the S3 bucket anywhere else.
  if (config.AUDIT_CHECKPOINT_DIR !== undefined) {
    if (!isLocalRuntime())
      throw new ConfigurationError('AUDIT_CHECKPOINT_DIR is for the local emulators; in Lambda use AUDIT_CHECKPOINT_BUCKET');
    return new DirectoryCheckpointArchive(config.AUDIT_CHECKPOINT_DIR);
  }
  if (config.AUDIT_CHECKPOINT_BUCKET !== undefined) {
    const s3 = createS3Client({ endpointSet: config.AWS_ENDPOINT_URL_S3 !== undefined });
    return new S3CheckpointArchive(s3, config.AUDIT_CHECKPOINT_BUCKET);
  }
  throw new ConfigurationError('Set AUDIT_CHECKPOINT_BUCKET (or AUDIT_CHECKPOINT_DIR locally): where audit checkpoints are archived');
}

function publicKeys(config: Config<(typeof PUBLIC_KEY_VARIABLES)[number]>) {
  return checkpointPublicKeys({ inline: config.AUDIT_CHECKPOINT_PUBLIC_KEYS, parameter: config.AUDIT_CHECKPOINT_PUBLIC_KEYS_PARAMETER });
}

/** The audit routes that read the chain alone: list and export. */
export function auditApi() {
  const { config, http, configOf } = api(['AUDIT_TABLE']);
  return { http, configOf, store: new DynamoAuditStore(dynamodb(), config.AUDIT_TABLE) };
}

/** The routes that prove the chain: the archive and the public keys, never the private key. */
export function auditProofApi() {
  const { config, http, configOf } = api([...ARCHIVE_VARIABLES, ...PUBLIC_KEY_VARIABLES]);
  return {
    http,
    configOf,
    store: new DynamoAuditStore(dynamodb(), config.AUDIT_TABLE),
    archive: archiveOf(config),
    publicKeys: publicKeys(config),
  };
}

/** The public keys alone, for GET /v1/audit/public-key (no token, no tables). */
export function auditPublicKeys() {
  return publicKeys(readConfig(PUBLIC_KEY_VARIABLES));
}

/** POST /v1/audit/checkpoints: the archive to read back, and the writer to ask. */
export function auditCheckpointRequests() {
  const { config, http } = api([...ARCHIVE_VARIABLES, 'AUDIT_CHECKPOINT_WRITER_FUNCTION']);
  const writer = config.AUDIT_CHECKPOINT_WRITER_FUNCTION;
  if (writer === undefined) throw new ConfigurationError('AUDIT_CHECKPOINT_WRITER_FUNCTION is required: it signs checkpoints on demand');
  return { http, archive: archiveOf(config), requestCheckpoint: invokedCheckpointWriter(createLambdaClient(), writer) };
}

export function auditWriter(): AuditBatchDeps {
  const config = readConfig(['AUDIT_TABLE', 'TENANT_CONFIGS_TABLE', 'STATS_TABLE', 'SLACK_MESSAGES_QUEUE_NAME']);
  const announce = liveAnnouncer();
  return {
    store: new DynamoAuditStore(dynamodb(), config.AUDIT_TABLE),
    configOf: tenantConfigs(config),
    log: logger,
    meter,
    stats: new DynamoStatsStore(dynamodb(), config.STATS_TABLE),
    slackSync: new SqsMessageSyncQueue(sqs(), config.SLACK_MESSAGES_QUEUE_NAME),
    ...(announce === undefined ? {} : { announce }),
  };
}

/** The checkpoint job: the only function that reads the private key. */
export function auditCheckpoints() {
  const config = readConfig([...ARCHIVE_VARIABLES, 'AUDIT_CHECKPOINT_PRIVATE_KEY', 'AUDIT_CHECKPOINT_PRIVATE_KEY_PARAMETER']);
  return {
    store: new DynamoAuditStore(dynamodb(), config.AUDIT_TABLE),
    archive: archiveOf(config),
    privateKey: checkpointPrivateKey({
      inline: config.AUDIT_CHECKPOINT_PRIVATE_KEY,
      parameter: config.AUDIT_CHECKPOINT_PRIVATE_KEY_PARAMETER,
    }),
  };
}
