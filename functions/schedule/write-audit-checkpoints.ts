import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { auditCheckpointKey } from '../../shared/config/audit-checkpoint-key.ts';
import { ConfigurationError } from '../../shared/config/env.ts';
import { logger } from '../../shared/observability.ts';
import { writeAuditCheckpoints } from '../../shared/use-cases/write-audit-checkpoints.ts';
import { auditStore } from '../../shared/wiring.ts';

/** Daily: sign a checkpoint of every tenant's audit chain head. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const key = await auditCheckpointKey();
    if (key === undefined)
      throw new ConfigurationError('Set AUDIT_CHECKPOINT_KEY or AUDIT_CHECKPOINT_KEY_PARAMETER to sign audit checkpoints');
    const written = await writeAuditCheckpoints(auditStore(), key);
    logger.info('audit checkpoints written', { tenants: written });
    return { written };
  });
