import { logger } from '../../shared/adapters/observability.ts';
import { writeAuditCheckpoints } from '../../shared/app/audit/write-audit-checkpoints.ts';
import { auditCheckpoints } from '../../shared/entry/compose/audit.ts';
import { ConfigurationError } from '../../shared/entry/config/config.ts';
import { scheduled } from '../../shared/entry/lambda/scheduled.ts';

const { store, archive, privateKey } = auditCheckpoints();

/** Hourly: sign and archive a checkpoint of every tenant's audit chain head that moved. */
export const handler = scheduled('write-audit-checkpoints', async () => {
  const key = await privateKey();
  if (key === undefined) {
    throw new ConfigurationError(
      'Set AUDIT_CHECKPOINT_PRIVATE_KEY_PARAMETER (or AUDIT_CHECKPOINT_PRIVATE_KEY locally) to sign audit checkpoints',
    );
  }
  const run = await writeAuditCheckpoints({ store, archive, privateKey: key, log: logger });
  logger.info('audit checkpoints written', { ...run });
  return run;
});
