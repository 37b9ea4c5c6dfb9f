import { logger } from '../../shared/adapters/observability.ts';
import { writeAuditCheckpoints } from '../../shared/app/audit/write-audit-checkpoints.ts';
import { auditCheckpoints } from '../../shared/entry/compose/audit.ts';
import { ConfigurationError } from '../../shared/entry/config/config.ts';
import { scheduled } from '../../shared/entry/lambda/scheduled.ts';

const { store, checkpointKey } = auditCheckpoints();

/** Daily: sign a checkpoint of every tenant's audit chain head. */
export const handler = scheduled('write-audit-checkpoints', async () => {
  const key = await checkpointKey();
  if (key === undefined)
    throw new ConfigurationError('Set AUDIT_CHECKPOINT_KEY or AUDIT_CHECKPOINT_KEY_PARAMETER to sign audit checkpoints');
  const written = await writeAuditCheckpoints(store, key);
  logger.info('audit checkpoints written', { tenants: written });
  return { written };
});
