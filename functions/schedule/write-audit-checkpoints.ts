import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/adapters/observability.ts';
import { auditCheckpointKey } from '../../shared/adapters/secrets/audit-checkpoint-key.ts';
import { writeAuditCheckpoints } from '../../shared/app/audit/write-audit-checkpoints.ts';
import { ConfigurationError } from '../../shared/entry/config/env.ts';
import { auditStore } from '../../shared/entry/wiring.ts';

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
