import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/adapters/observability.ts';
import { executeAction } from '../../shared/app/remediation/execute-action.ts';
import { remediationRequestSchema } from '../../shared/domain/remediation/remediation-request-schema.ts';
import { alertStore, executors, tenantConfigs } from '../../shared/entry/wiring.ts';

/** The ExecuteAction task: its result is the outcome (or why it was skipped), recorded by the next state. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const request = remediationRequestSchema.parse(event);
    const result = await executeAction({ alerts: alertStore(), configOf: tenantConfigs(), executorFor: executors() }, request);
    const keys = { tenant: request.tenant, execution: request.execution, action: request.action.name };
    if ('skipped' in result) logger.info('action skipped', { ...keys, reason: result.skipped });
    else logger.info('action carried out', { ...keys, status: result.outcome.status, executor: result.outcome.executor });
    return result;
  });
