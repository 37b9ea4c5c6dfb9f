/** The audit log's writer, its routes and the daily checkpoints, wired. */
import { DynamoAuditStore } from '../../adapters/dynamodb/dynamo-audit-store.ts';
import { logger } from '../../adapters/observability.ts';
import { checkpointKeyReader } from '../../adapters/secrets/audit-checkpoint-key.ts';
import type { AuditBatchDeps } from '../../app/audit/append-audit-batch.ts';
import { type Config, readConfig } from '../config/config.ts';
import { dynamodb } from './aws.ts';
import { api, tenantConfigs } from './parts.ts';

const CHECKPOINT_VARIABLES = ['AUDIT_TABLE', 'AUDIT_CHECKPOINT_KEY', 'AUDIT_CHECKPOINT_KEY_PARAMETER'] as const;

function checkpointKey(config: Config<(typeof CHECKPOINT_VARIABLES)[number]>) {
  return checkpointKeyReader({ inline: config.AUDIT_CHECKPOINT_KEY, parameter: config.AUDIT_CHECKPOINT_KEY_PARAMETER });
}

export function auditApi() {
  const { config, http } = api(CHECKPOINT_VARIABLES);
  return { http, store: new DynamoAuditStore(dynamodb(), config.AUDIT_TABLE), checkpointKey: checkpointKey(config) };
}

export function auditWriter(): AuditBatchDeps {
  const config = readConfig(['AUDIT_TABLE', 'TENANT_CONFIGS_TABLE']);
  return { store: new DynamoAuditStore(dynamodb(), config.AUDIT_TABLE), configOf: tenantConfigs(config), log: logger };
}

export function auditCheckpoints() {
  const config = readConfig(CHECKPOINT_VARIABLES);
  return { store: new DynamoAuditStore(dynamodb(), config.AUDIT_TABLE), checkpointKey: checkpointKey(config) };
}
