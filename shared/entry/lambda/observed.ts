/**
 * The middleware every function gets, whatever triggers it: the Powertools logger with the
 * Lambda context (keys reset per invocation), a handler-level X-Ray segment, and the meter's
 * metrics published at the end of each invocation, whether it succeeded or failed.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { logger, meter, tracer } from '../../adapters/observability.ts';

/** middy's own options (its PluginObject is not exported): an answer this long before Lambda's timeout, and what it is. */
export interface ObservedOptions {
  readonly timeoutEarlyInMillis?: number;
  readonly timeoutEarlyResponse?: () => unknown;
}

export function observed<Event, Result>(options: ObservedOptions = {}) {
  return (
    middy<Event, Result>(options)
      .use(
        injectLambdaContext(logger, {
          resetKeys: true,
          // Never the raw event, whatever POWERTOOLS_LOGGER_LOG_EVENT says: it holds Authorization
          // headers, PagerDuty routing keys and Step Functions task tokens.
          logEvent: false,
        }),
      )
      // Results may carry what traces must not keep (a new integration key): never captured.
      .use(captureLambdaHandler(tracer, { captureResponse: false }))
      .use({ after: () => meter.flush(), onError: () => meter.flush() })
  );
}
