/** The incident routes, wired. */
import { DynamoApprovalStore } from '../../adapters/dynamodb/dynamo-approval-store.ts';
import { DynamoAuditStore } from '../../adapters/dynamodb/dynamo-audit-store.ts';
import { DynamoIncidentStore } from '../../adapters/dynamodb/dynamo-incident-store.ts';
import { dynamodb } from './aws.ts';
import { alertStore, api } from './parts.ts';
import { NOTIFIER_VARIABLES, tenantNotifier } from './remediation.ts';

/** Listing: the incidents table. */
export function incidentListApi() {
  const { config, http } = api(['INCIDENTS_TABLE']);
  return { http, incidents: new DynamoIncidentStore(dynamodb(), config.INCIDENTS_TABLE) };
}

/** Acknowledging, resolving and merging: the incidents table, the audit queue, and the tenant's notification targets. */
export function incidentChangeApi() {
  const { config, http, audit, configOf } = api(['INCIDENTS_TABLE', 'ALERTS_TABLE', 'PUBLIC_BASE_URL', ...NOTIFIER_VARIABLES]);
  return {
    http,
    incidents: new DynamoIncidentStore(dynamodb(), config.INCIDENTS_TABLE),
    alerts: alertStore(config),
    audit,
    configOf,
    notify: tenantNotifier(config, audit),
    ...(config.PUBLIC_BASE_URL === undefined ? {} : { publicBaseUrl: config.PUBLIC_BASE_URL }),
  };
}

/** One incident in full: its alerts, approvals and timeline too. */
export function incidentDetailApi() {
  const { config, http } = api(['INCIDENTS_TABLE', 'ALERTS_TABLE', 'APPROVALS_TABLE', 'AUDIT_TABLE']);
  return {
    http,
    read: {
      incidents: new DynamoIncidentStore(dynamodb(), config.INCIDENTS_TABLE),
      alerts: alertStore(config),
      approvals: new DynamoApprovalStore(dynamodb(), config.APPROVALS_TABLE),
      audit: new DynamoAuditStore(dynamodb(), config.AUDIT_TABLE),
    },
  };
}
