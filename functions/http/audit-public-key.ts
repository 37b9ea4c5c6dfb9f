import { checkpointJwks } from '../../shared/domain/audit/checkpoint.ts';
import { ServiceUnavailableError } from '../../shared/domain/errors.ts';
import { auditPublicKeyRoute } from '../../shared/entry/api/audit.ts';
import { auditPublicKeys } from '../../shared/entry/compose/audit.ts';
import { publicRoute } from '../../shared/entry/http/http-route.ts';

const publicKeys = auditPublicKeys();

export const handler = publicRoute(auditPublicKeyRoute).handle(async () => {
  const keys = await publicKeys();
  if (keys === undefined) throw new ServiceUnavailableError('The audit checkpoint keys are not configured', 60);
  return { status: 200, body: checkpointJwks(keys), headers: { 'cache-control': 'public, max-age=300' } };
});
