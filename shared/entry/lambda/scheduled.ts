/**
 * A scheduled job (EventBridge rate or cron): each run gets its own id, used as the correlation
 * id of what it writes and logs.
 *
 * @example
 * export const handler = scheduled('expire-approvals', (runId) => expireApprovals(deps, runId));
 */
import { randomUUID } from 'node:crypto';
import { logger } from '../../adapters/observability.ts';
import { observed } from './observed.ts';

export function scheduled<R>(job: string, run: (runId: string, event: unknown) => Promise<R>) {
  return observed<unknown, R>().handler(async (event) => {
    const runId = `${job}:${randomUUID()}`;
    logger.appendKeys({ correlationId: runId });
    return run(runId, event);
  });
}
