import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/adapters/observability.ts';
import { requestApproval } from '../../shared/app/remediation/request-approval.ts';
import { requestApprovalEventSchema } from '../../shared/domain/remediation/remediation-request-schema.ts';
import { remediation } from '../../shared/entry/wiring.ts';

/** The RequestApproval task (.waitForTaskToken): the token is stored, never logged or returned. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const { taskToken, request } = requestApprovalEventSchema.parse(event);
    const approval = await requestApproval(remediation(), taskToken, request);
    logger.info('approval requested', { tenant: request.tenant, approvalId: approval.id, status: approval.status });
    return { approvalId: approval.id };
  });
