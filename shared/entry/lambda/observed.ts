/**
 * The middleware every function gets, whatever triggers it: the Powertools logger with the
 * Lambda context (keys reset per invocation) and a handler-level X-Ray segment.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { logger, tracer } from '../../adapters/observability.ts';

export function observed<Event, Result>() {
  return (
    middy<Event, Result>()
      .use(injectLambdaContext(logger, { resetKeys: true }))
      // Results may carry what traces must not keep (a new integration key): never captured.
      .use(captureLambdaHandler(tracer, { captureResponse: false }))
  );
}
