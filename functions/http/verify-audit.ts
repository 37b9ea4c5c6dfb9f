import { auditCheckpointKey } from '../../shared/adapters/secrets/audit-checkpoint-key.ts';
import { verifyAudit } from '../../shared/app/audit/read-audit.ts';
import { AUDITORS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { auditStore, authenticator } from '../../shared/entry/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/audit/verify', roles: AUDITORS, authenticator }).handle(async ({ principal }) => ({
  status: 200,
  body: await verifyAudit(auditStore(), principal.tenant, await auditCheckpointKey()),
}));
