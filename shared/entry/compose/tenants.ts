/** The tenant administration routes (configuration, integration keys), wired. */
import { DynamoIntegrationKeyStore } from '../../adapters/dynamodb/dynamo-integration-key-store.ts';
import { DynamoSlackTeams } from '../../adapters/dynamodb/dynamo-slack-teams.ts';
import { DynamoTenantConfigStore } from '../../adapters/dynamodb/dynamo-tenant-config-store.ts';
import { readConfig } from '../config/config.ts';
import { dynamodb } from './aws.ts';
import { destinationCheck } from './outbound.ts';
import { api, auditLog, currentTenantConfigs, operatorPolicy } from './parts.ts';
import { notificationSender } from './remediation.ts';

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

/** Writing the configuration: the reads' wiring, and the Slack workspace register it claims workspaces in. */
export function tenantConfigWriteApi() {
  const config = readConfig(['SLACK_TABLE']);
  return { ...tenantConfigApi(), slackTeams: new DynamoSlackTeams(dynamodb(), config.SLACK_TABLE) };
}

/** The test send: the API's wiring, the stored configuration, and the notifications' sending path. */
export function notificationTestApi() {
  const { config, http, audit } = api(['STAGE']);
  return { http, audit, configOf: currentTenantConfigs(config), send: notificationSender(config) };
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
