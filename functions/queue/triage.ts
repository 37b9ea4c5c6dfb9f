import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/adapters/observability.ts';
import { actOnDecision } from '../../shared/app/remediation/act-on-decision.ts';
import { cancelApprovalsOf } from '../../shared/app/remediation/cancel-approvals.ts';
import { triageAlert } from '../../shared/app/triage/triage-alert.ts';
import { triageMessageSchema } from '../../shared/domain/alerts/triage-message.ts';
import { alertStore, auditLog, remediation, tenantConfigs, triageQueue, triageSteps } from '../../shared/entry/wiring.ts';

const processor = new BatchProcessor(EventType.SQS);

/**
 * One message: a malformed one fails (and after maxReceiveCount lands in the DLQ), never vanishes.
 * After the decision is stored, its action is acted on (a workflow started, or the tenant told);
 * a resolution cancels the approvals waiting on the alert. Both run again on redelivery.
 */
async function triageRecord(record: SQSRecord): Promise<void> {
  const message = triageMessageSchema.parse(JSON.parse(record.body));
  // Records run in parallel: keys go on each line, not on the shared logger.
  const keys = { tenant: message.tenant, correlationId: message.correlationId, eventId: message.eventId };
  const outcome = await triageAlert(
    { alerts: alertStore(), queue: triageQueue(), audit: auditLog(), configOf: tenantConfigs(), steps: triageSteps(), log: logger },
    message,
  );
  if (outcome.result === 'decided') {
    const { decision } = outcome;
    logger.info('triage decided', {
      ...keys,
      category: decision.category,
      team: decision.team,
      priority: decision.priority,
      decidedBy: decision.decidedBy,
      action:
        decision.action === undefined ? undefined : { name: decision.action.name, risk: decision.action.risk, mode: decision.action.mode },
    });
  } else {
    logger.info(`triage ${outcome.result}`, keys);
  }
  if (message.type === 'alert.resolved') {
    const cancelled = await cancelApprovalsOf(remediation(), message.tenant, message.alertId, message.correlationId);
    if (cancelled > 0) logger.info('approvals cancelled: the alert resolved', { ...keys, cancelled });
    return;
  }
  const acted = await actOnDecision(remediation(), message, outcome.result);
  if (acted !== 'none') logger.info(`remediation ${acted}`, keys);
}

/** SQS batches of up to 10; failed records are reported one by one (ReportBatchItemFailures). */
export const handler = middy<SQSEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => processPartialResponse(event, triageRecord, processor, { context }));
