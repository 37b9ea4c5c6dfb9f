import { logger } from '../../shared/adapters/observability.ts';
import { expireApprovals } from '../../shared/app/remediation/expire-approvals.ts';
import { remediationFunction } from '../../shared/entry/compose/remediation.ts';
import { scheduled } from '../../shared/entry/lambda/scheduled.ts';

const deps = remediationFunction();

/** Every minute: expire pending approvals past their deadline and fail their executions. */
export const handler = scheduled('expire-approvals', async (runId) => {
  const expired = await expireApprovals(deps, runId);
  if (expired > 0) logger.info('expired approvals past their deadline', { expired });
  return { expired };
});
