import * as z from 'zod';
import { logger } from '../../shared/adapters/observability.ts';
import { writeAuditCheckpoints } from '../../shared/app/audit/write-audit-checkpoints.ts';
import { auditCheckpoints } from '../../shared/entry/compose/audit.ts';
import { ConfigurationError } from '../../shared/entry/config/config.ts';
import { scheduled } from '../../shared/entry/lambda/scheduled.ts';

const { store, archive, privateKey } = auditCheckpoints();

/** A run for one tenant, asked for through POST /v1/audit/checkpoints. */
const onDemand = z.object({ tenant: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/) });

/** Hourly: sign and archive a checkpoint of every tenant's audit chain head that moved; or of one tenant's, on demand. */
export const handler = scheduled('write-audit-checkpoints', async (_runId, event) => {
  const key = await privateKey();
  if (key === undefined) {
    throw new ConfigurationError(
      'Set AUDIT_CHECKPOINT_PRIVATE_KEY_PARAMETER (or AUDIT_CHECKPOINT_PRIVATE_KEY locally) to sign audit checkpoints',
    );
  }
  const asked = onDemand.safeParse(event);
  const run = await writeAuditCheckpoints(
    { store, archive, privateKey: key, log: logger },
    new Date(),
    asked.success ? asked.data.tenant : undefined,
  );
  logger.info('audit checkpoints written', { ...run });
  return run;
});
