import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/observability.ts';
import { requestApprovalEventSchema } from '../../shared/remediation/workflow-state.ts';
import { requestApproval } from '../../shared/use-cases/remediation/request-approval.ts';
import { remediation } from '../../shared/wiring.ts';

/** The RequestApproval task (.waitForTaskToken): the token is stored, never logged or returned. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const { taskToken, request } = requestApprovalEventSchema.parse(event);
    const approval = await requestApproval(remediation(), taskToken, request);
    logger.info('approval requested', { tenant: request.tenant, approvalId: approval.id, status: approval.status });
    return { approvalId: approval.id };
  });
