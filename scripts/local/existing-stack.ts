import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createResources } from './create-resources.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws.ts';
import type { LocalStack } from './local-stack.ts';
import { loadResourceTemplates } from './resource-templates.ts';

/**
 * Emulators someone else runs (LocalStack through docker compose): create the project's tables
 * and queues there, and leave the emulators running on stop.
 *
 * Step Functions is not among them: the launcher runs the embedded endpoint with
 * resources/statemachines on this path too (LocalStack's would need the state machines deployed,
 * and its Lambda tasks would call LocalStack's Lambda, not serverless offline).
 */
export async function useExistingEmulators(options: {
  root: string;
  stage: string;
  endpoints: { dynamodb: string; sqs: string };
}): Promise<LocalStack> {
  const resources = await loadResourceTemplates(options.root, options.stage);
  const clients = {
    dynamodb: new DynamoDBClient({ endpoint: options.endpoints.dynamodb, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    sqs: new SQSClient({
      endpoint: options.endpoints.sqs,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      useQueueUrlAsEndpoint: false,
    }),
  };
  try {
    const { tables, queues } = await createResources(clients, resources);
    // Someone else's emulators are theirs to break: the drills run on the embedded ones only.
    const notOurs = async () => {
      throw new Error('fault drills need the embedded emulators, not ones running elsewhere');
    };
    const faults = { pauseDynamoDb: notOurs, stopSqsFor: notOurs };
    return { region: LOCAL_REGION, endpoints: options.endpoints, tables, queues, faults, stop: async () => {} };
  } finally {
    clients.dynamodb.destroy();
    clients.sqs.destroy();
  }
}
