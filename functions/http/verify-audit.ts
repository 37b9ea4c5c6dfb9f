import { verifyAudit } from '../../shared/app/audit/verify-audit.ts';
import { ServiceUnavailableError } from '../../shared/domain/errors.ts';
import { verifyAuditRoute } from '../../shared/entry/api/audit.ts';
import { auditProofApi } from '../../shared/entry/compose/audit.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, store, archive, publicKeys, configOf } = auditProofApi();

export const handler = httpRoute(verifyAuditRoute, http).handle(async ({ principal }) => {
  const keys = await publicKeys();
  if (keys === undefined) throw new ServiceUnavailableError('The audit checkpoint keys are not configured', 60);
  const { audit } = await configOf(principal.tenant);
  return { status: 200, body: await verifyAudit({ store, archive, keys }, principal.tenant, audit.retentionDays) };
});
