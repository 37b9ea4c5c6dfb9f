import { auditCheckpointKey } from '../../shared/config/audit-checkpoint-key.ts';
import { AUDITORS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { verifyAudit } from '../../shared/use-cases/read-audit.ts';
import { auditStore, authenticator } from '../../shared/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/audit/verify', roles: AUDITORS, authenticator }).handle(async ({ principal }) => ({
  status: 200,
  body: await verifyAudit(auditStore(), principal.tenant, await auditCheckpointKey()),
}));
