/** The audit log routes. */

import * as z from 'zod';
import { exportAuditQuery, listAuditQuery } from '../../app/audit/read-audit.ts';
import { AUDITORS } from '../../domain/roles.ts';
import { AUTH_PROBLEMS, page, route } from './route.ts';
import { auditCheckpointView, auditEntryView, auditVerdictView, jwksView } from './views.ts';

export const listAuditRoute = route({
  operationId: 'listAudit',
  method: 'GET',
  path: '/v1/audit',
  tag: 'audit',
  summary: "The tenant's audit entries, newest first, filtered",
  roles: AUDITORS,
  query: listAuditQuery,
  responses: { 200: { description: 'A page of entries', schema: page(auditEntryView) } },
  problems: [400, ...AUTH_PROBLEMS],
});

export const verifyAuditRoute = route({
  operationId: 'verifyAudit',
  method: 'GET',
  path: '/v1/audit/verify',
  tag: 'audit',
  summary: "Recompute the tenant's hash chain and hold it against the signed checkpoints",
  roles: AUDITORS,
  responses: { 200: { description: 'Whether the chain holds, and the first entry that does not', schema: auditVerdictView } },
  problems: [...AUTH_PROBLEMS],
});

export const listAuditCheckpointsRoute = route({
  operationId: 'listAuditCheckpoints',
  method: 'GET',
  path: '/v1/audit/checkpoints',
  tag: 'audit',
  summary: "The tenant's signed checkpoints, oldest first, to keep outside alertgate and verify an export against offline",
  roles: AUDITORS,
  responses: { 200: { description: 'Every archived checkpoint of the tenant', schema: z.object({ items: z.array(auditCheckpointView) }) } },
  problems: [...AUTH_PROBLEMS],
});

export const requestAuditCheckpointRoute = route({
  operationId: 'requestAuditCheckpoint',
  method: 'POST',
  path: '/v1/audit/checkpoints',
  tag: 'audit',
  summary: "Sign a checkpoint of the tenant's chain now, rather than at the next hourly run",
  description: 'The checkpoint writer, which alone holds the signing key, verifies the chain since the last checkpoint first.',
  roles: AUDITORS,
  responses: {
    201: { description: 'A checkpoint of the current head was signed and archived', schema: auditCheckpointView },
    200: { description: 'The latest checkpoint already covers the head', schema: auditCheckpointView },
  },
  problems: [409, ...AUTH_PROBLEMS],
});

export const auditPublicKeyRoute = route({
  operationId: 'auditPublicKey',
  method: 'GET',
  path: '/v1/audit/public-key',
  tag: 'audit',
  summary: 'The public keys that verify audit checkpoints (a JWKS), for auditors and npm run audit:verify',
  roles: 'public',
  responses: { 200: { description: 'The Ed25519 keys checkpoints are signed with', schema: jwksView } },
  problems: [503],
});

export const exportAuditRoute = route({
  operationId: 'exportAudit',
  method: 'GET',
  path: '/v1/audit/export',
  tag: 'audit',
  summary: 'One page of the chain as NDJSON or CSV, for offline verification (npm run audit:verify)',
  roles: AUDITORS,
  query: exportAuditQuery,
  responses: {
    200: {
      description: 'Entries in chain order; `Link: rel="next"` names the next page while there may be more',
      contentTypes: ['application/x-ndjson', 'text/csv'],
      headers: { Link: 'The next page, while there may be more' },
    },
  },
  problems: [400, ...AUTH_PROBLEMS],
});
