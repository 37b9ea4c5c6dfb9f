/** The tenant administration routes (configuration, integration keys), wired. */
import { DynamoIntegrationKeyStore } from '../../adapters/dynamodb/dynamo-integration-key-store.ts';
import { DynamoTenantConfigStore } from '../../adapters/dynamodb/dynamo-tenant-config-store.ts';
import { readConfig } from '../config/config.ts';
import { dynamodb } from './aws.ts';
import { destinationCheck } from './outbound.ts';
import { api, auditLog, operatorPolicy } from './parts.ts';

export function tenantConfigApi() {
  const { config, http, audit } = api([]);
  return {
    http,
    audit,
    store: new DynamoTenantConfigStore(dynamodb(), config.TENANT_CONFIGS_TABLE),
    checkDestination: destinationCheck(),
    operator: operatorPolicy(),
  };
}

export function integrationKeysApi() {
  const { config, http, audit } = api([]);
  return { http, audit, store: new DynamoIntegrationKeyStore(dynamodb(), config.INTEGRATION_KEYS_TABLE) };
}

/** The sweeper's part for configuration: versions whose config.changed event is still owed. */
export function owedConfigEventsSweeper() {
  const config = readConfig(['TENANT_CONFIGS_TABLE', 'AUDIT_QUEUE_NAME']);
  return { store: new DynamoTenantConfigStore(dynamodb(), config.TENANT_CONFIGS_TABLE), audit: auditLog(config) };
}
