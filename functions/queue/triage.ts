import { handleTriageMessage } from '../../shared/app/triage/handle-triage-message.ts';
import { triageMessageSchema } from '../../shared/domain/alerts/triage-message.ts';
import { triageConsumer } from '../../shared/entry/compose/triage.ts';
import { sqsBatch } from '../../shared/entry/lambda/sqs-batch.ts';

const deps = triageConsumer();

/** SQS batches of up to 10: each message triaged and acted on; failures reported one by one. */
export const handler = sqsBatch(triageMessageSchema, (message) => handleTriageMessage(deps, message));
