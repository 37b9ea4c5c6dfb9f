/** Tenant administration: configuration and integration keys. */
import * as z from 'zod';
import { createIntegrationKeyBody, listIntegrationKeysQuery } from '../../app/integration-keys/integration-keys.ts';
import { configHistoryQuery } from '../../app/tenants/tenant-config.ts';
import { testNotificationBody } from '../../app/tenants/test-notification.ts';
import { ADMINS } from '../../domain/roles.ts';
import { tenantConfigSchema } from '../../domain/tenants/tenant-config.ts';
import { AUTH_PROBLEMS, BODY_PROBLEMS, idParam, page, route } from './route.ts';
import { integrationKeyView, issuedIntegrationKeyView, notificationTestView, tenantConfigVersionView, tenantConfigView } from './views.ts';

const tenantParam = z.object({ tenant: z.string().min(1).meta({ description: "The caller's own tenant; another answers 404" }) });
const etag = { ETag: 'The version, for If-Match on the next write' };

export const getTenantConfigRoute = route({
  operationId: 'getTenantConfig',
  method: 'GET',
  path: '/v1/tenants/{tenant}/config',
  tag: 'tenants',
  summary: "The tenant's configuration: routing, policies, providers, quotas, notification targets",
  roles: ADMINS,
  params: tenantParam,
  responses: { 200: { description: 'The current version', schema: tenantConfigView, headers: etag } },
  problems: [404, ...AUTH_PROBLEMS],
});

export const putTenantConfigRoute = route({
  operationId: 'putTenantConfig',
  method: 'PUT',
  path: '/v1/tenants/{tenant}/config',
  tag: 'tenants',
  summary: 'Replace the configuration (versioned: send the ETag you read as If-Match)',
  roles: ADMINS,
  params: tenantParam,
  body: { schema: tenantConfigSchema.meta({ id: 'TenantConfig' }), required: true, what: 'tenant configuration' },
  headers: { 'If-Match': 'The ETag of the version being replaced (required)' },
  responses: { 200: { description: 'The new version', schema: tenantConfigView, headers: etag } },
  problems: [404, 412, 428, ...BODY_PROBLEMS, ...AUTH_PROBLEMS],
});

export const getTenantConfigHistoryRoute = route({
  operationId: 'getTenantConfigHistory',
  method: 'GET',
  path: '/v1/tenants/{tenant}/config/history',
  tag: 'tenants',
  summary: 'Every version of the configuration, newest first',
  roles: ADMINS,
  params: tenantParam,
  query: configHistoryQuery,
  responses: { 200: { description: 'A page of versions', schema: page(tenantConfigVersionView) } },
  problems: [400, 404, ...AUTH_PROBLEMS],
});

export const testNotificationRoute = route({
  operationId: 'testNotification',
  method: 'POST',
  path: '/v1/tenants/{tenant}/notifications/test',
  tag: 'tenants',
  summary: 'Send a test message to one of the notification targets, through the egress policy, and say how it went',
  roles: ADMINS,
  params: tenantParam,
  body: { schema: testNotificationBody, required: true, what: 'test notification' },
  responses: { 200: { description: 'Sent, or why the target refused it (ok false)', schema: notificationTestView } },
  problems: [404, ...BODY_PROBLEMS, ...AUTH_PROBLEMS],
});

export const createIntegrationKeyRoute = route({
  operationId: 'createIntegrationKey',
  method: 'POST',
  path: '/v1/integration-keys',
  tag: 'integration keys',
  summary: 'Issue a key a sender can ingest with (shown once)',
  roles: ADMINS,
  body: { schema: createIntegrationKeyBody, required: true, what: 'integration key request' },
  responses: { 201: { description: 'The key, with its secret this once', schema: issuedIntegrationKeyView } },
  problems: [...BODY_PROBLEMS, ...AUTH_PROBLEMS],
});

export const listIntegrationKeysRoute = route({
  operationId: 'listIntegrationKeys',
  method: 'GET',
  path: '/v1/integration-keys',
  tag: 'integration keys',
  summary: "The tenant's integration keys (never their secrets)",
  roles: ADMINS,
  query: listIntegrationKeysQuery,
  responses: { 200: { description: 'A page of keys', schema: page(integrationKeyView) } },
  problems: [400, ...AUTH_PROBLEMS],
});

export const revokeIntegrationKeyRoute = route({
  operationId: 'revokeIntegrationKey',
  method: 'DELETE',
  path: '/v1/integration-keys/{id}',
  tag: 'integration keys',
  summary: 'Revoke a key; its sender is refused from then on',
  roles: ADMINS,
  params: z.object({ id: idParam.meta({ description: '16 hex digits' }) }),
  responses: { 204: { description: 'Revoked' } },
  problems: [400, 404, ...AUTH_PROBLEMS],
});
