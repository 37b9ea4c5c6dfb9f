/** The one way the drills talk to the drill stack's fauxqs. Destroy the client after use. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS } from '../local/local-aws.ts';
import type { LocalStack } from '../local/local-stack.ts';

export function drillSqs(stack: Pick<LocalStack, 'endpoints' | 'region'>): SQSClient {
  return new SQSClient({
    endpoint: stack.endpoints.sqs,
    region: stack.region,
    credentials: LOCAL_CREDENTIALS,
    useQueueUrlAsEndpoint: false,
  });
}
