import { ServiceUnavailableError } from '../../shared/domain/errors.ts';
import { listAuditCheckpointsRoute } from '../../shared/entry/api/audit.ts';
import { auditProofApi } from '../../shared/entry/compose/audit.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, archive } = auditProofApi();

export const handler = httpRoute(listAuditCheckpointsRoute, http).handle(async ({ principal }) => {
  const { checkpoints, malformed } = await archive.list(principal.tenant);
  // An archive holding something that is not a checkpoint is for the verify route to report, not to hide here.
  if (malformed.length > 0)
    throw new ServiceUnavailableError(`The checkpoint archive holds ${malformed.length} malformed objects; run GET /v1/audit/verify`, 60);
  return { status: 200, body: { items: checkpoints } };
});
