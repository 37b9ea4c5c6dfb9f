import { requestCheckpoint } from '../../shared/app/audit/request-checkpoint.ts';
import { requestAuditCheckpointRoute } from '../../shared/entry/api/audit.ts';
import { auditCheckpointRequests } from '../../shared/entry/compose/audit.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const deps = auditCheckpointRequests();

export const handler = httpRoute(requestAuditCheckpointRoute, deps.http).handle(async ({ principal }) => {
  const { checkpoint, written } = await requestCheckpoint(deps, principal.tenant);
  return { status: written ? 201 : 200, body: checkpoint };
});
