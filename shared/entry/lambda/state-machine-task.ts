/**
 * A Step Functions task: the state's input parsed by its schema once (a malformed input fails
 * the task, which the state machine's Catch records), the correlation id on every log line.
 *
 * @example
 * export const handler = stateMachineTask(remediationRequestSchema, (request) => executeAction(deps, request));
 */
import type * as z from 'zod';
import { logger } from '../../adapters/observability.ts';
import { observed } from './observed.ts';

export function stateMachineTask<S extends z.ZodType, R>(
  schema: S,
  task: (input: z.output<S>) => Promise<R>,
  correlationIdOf?: (input: z.output<S>) => string | undefined,
) {
  return observed<unknown, R>().handler(async (event) => {
    const input = schema.parse(event);
    const correlationId = correlationIdOf?.(input);
    if (correlationId !== undefined) logger.appendKeys({ correlationId });
    return task(input);
  });
}
