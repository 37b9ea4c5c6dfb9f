/**
 * What the live executors share once a delivery is done: the outcome they return, stamped with
 * the executor and the time, and one warning line for a failed delivery. A response is recorded
 * by status, size and hash (execution-outcome.ts), so a target echoing a credential puts none
 * into an outcome.
 */
import type { ExecutionRequest } from '../../domain/remediation/execution.ts';
import type { ExecutionOutcome, RecordedRequest, RecordedResponse } from '../../domain/remediation/execution-outcome.ts';
import { logger } from '../observability.ts';
import type { Delivery } from '../outbound-http/http-delivery.ts';

interface Recorded {
  readonly request?: RecordedRequest;
  readonly response?: RecordedResponse;
}

export function liveOutcome(executor: string, now: () => number) {
  const at = () => new Date(now()).toISOString();
  const recorded = ({ request, response }: Recorded) => ({
    ...(request === undefined ? {} : { request }),
    ...(response === undefined ? {} : { response }),
  });
  return {
    /** Nothing was sent: the plan or its secrets said no. */
    refused: (detail: string, error: string, request?: RecordedRequest): ExecutionOutcome => ({
      status: 'failed',
      executor,
      at: at(),
      detail,
      error,
      ...(request === undefined ? {} : { request }),
    }),
    succeeded: (detail: string, delivery: { attempts: number }, record: Recorded & { externalId?: string }): ExecutionOutcome => ({
      status: 'succeeded',
      executor,
      at: at(),
      detail,
      ...recorded(record),
      attempts: delivery.attempts,
      ...(record.externalId === undefined ? {} : { externalId: record.externalId }),
    }),
    /** The delivery failed for good: logged once, recorded with what the target answered last. */
    failed: <T>(
      detail: string,
      request: ExecutionRequest,
      delivery: Extract<Delivery<T>, { ok: false }>,
      record: Recorded & { log: string; fields?: Record<string, unknown> },
    ): ExecutionOutcome => {
      logger.warn(record.log, {
        tenant: request.tenant,
        approvalId: request.approvalId,
        correlationId: request.correlationId,
        attempts: delivery.attempts,
        kind: delivery.error.kind,
        error: delivery.error.message,
        ...record.fields,
      });
      return {
        status: 'failed',
        executor,
        at: at(),
        detail,
        error: delivery.error.message,
        ...recorded({ ...record, response: delivery.error.response }),
        attempts: delivery.attempts,
      };
    },
  };
}
