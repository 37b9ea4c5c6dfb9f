import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/adapters/observability.ts';
import { expireApprovals } from '../../shared/app/remediation/expire-approvals.ts';
import { remediation } from '../../shared/entry/wiring.ts';

/** Every minute: expire pending approvals past their deadline and fail their executions. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const expired = await expireApprovals(remediation(), `expire-approvals:${randomUUID()}`);
    if (expired > 0) logger.info('expired approvals past their deadline', { expired });
    return { expired };
  });
