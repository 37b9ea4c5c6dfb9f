/** The incident routes, wired. */
import { DynamoApprovalStore } from '../../adapters/dynamodb/dynamo-approval-store.ts';
import { DynamoAuditStore } from '../../adapters/dynamodb/dynamo-audit-store.ts';
import { DynamoIncidentStore } from '../../adapters/dynamodb/dynamo-incident-store.ts';
import { dynamodb } from './aws.ts';
import { alertStore, api } from './parts.ts';

/** Listing, acknowledging, resolving and merging: the incidents table and the audit queue. */
export function incidentsApi() {
  const { config, http, audit } = api(['INCIDENTS_TABLE']);
  return { http, incidents: new DynamoIncidentStore(dynamodb(), config.INCIDENTS_TABLE), audit };
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
