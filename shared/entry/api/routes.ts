/** Every route of the HTTP API, in the order the OpenAPI document lists them. */
import { getAlertRoute, listAlertsRoute, requestActionRoute } from './alerts.ts';
import { approveApprovalRoute, getApprovalRoute, listApprovalsRoute, rejectApprovalRoute } from './approvals.ts';
import {
  auditPublicKeyRoute,
  exportAuditRoute,
  listAuditCheckpointsRoute,
  listAuditRoute,
  requestAuditCheckpointRoute,
  verifyAuditRoute,
} from './audit.ts';
import { acknowledgeIncidentRoute, getIncidentRoute, listIncidentsRoute, mergeIncidentsRoute, resolveIncidentRoute } from './incidents.ts';
import { ingestWebhookRoute } from './ingest.ts';
import { createLiveTicketRoute } from './live.ts';
import type { RouteDeclaration } from './route.ts';
import { docsAssetRoute, docsRoute, healthRoute, openApiRoute } from './service.ts';
import {
  createSlackLinkRoute,
  listSlackLinksRoute,
  refreshSlackLinksRoute,
  removeSlackLinkRoute,
  slackInteractionsRoute,
} from './slack.ts';
import { getDashboardRoute, getMetricsRoute, getModelStatsRoute } from './stats.ts';
import {
  createIntegrationKeyRoute,
  getTenantConfigHistoryRoute,
  getTenantConfigRoute,
  listIntegrationKeysRoute,
  putTenantConfigRoute,
  revokeIntegrationKeyRoute,
  testNotificationRoute,
} from './tenants.ts';
import { createCorrectionRoute, listCorrectionsRoute, removeCorrectionRoute } from './triage.ts';

export const ROUTES: readonly RouteDeclaration[] = [
  ingestWebhookRoute,
  listAlertsRoute,
  getAlertRoute,
  requestActionRoute,
  createCorrectionRoute,
  listCorrectionsRoute,
  removeCorrectionRoute,
  listIncidentsRoute,
  getIncidentRoute,
  acknowledgeIncidentRoute,
  resolveIncidentRoute,
  mergeIncidentsRoute,
  listApprovalsRoute,
  getApprovalRoute,
  approveApprovalRoute,
  rejectApprovalRoute,
  listAuditRoute,
  verifyAuditRoute,
  listAuditCheckpointsRoute,
  requestAuditCheckpointRoute,
  auditPublicKeyRoute,
  exportAuditRoute,
  getDashboardRoute,
  getMetricsRoute,
  getModelStatsRoute,
  createLiveTicketRoute,
  slackInteractionsRoute,
  createSlackLinkRoute,
  listSlackLinksRoute,
  refreshSlackLinksRoute,
  removeSlackLinkRoute,
  getTenantConfigRoute,
  putTenantConfigRoute,
  getTenantConfigHistoryRoute,
  testNotificationRoute,
  createIntegrationKeyRoute,
  listIntegrationKeysRoute,
  revokeIntegrationKeyRoute,
  healthRoute,
  openApiRoute,
  docsRoute,
  docsAssetRoute,
];
