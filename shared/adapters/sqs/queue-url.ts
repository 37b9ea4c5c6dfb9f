import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * A queue's URL, looked up once by name (GetQueueUrl) and kept for the container's life; a
 * failed lookup is forgotten, so the next call tries again.
 */
export function queueUrlOf(client: SQSClient, queueName: string): () => Promise<string> {
  let url: Promise<string> | undefined;
  return () => {
    url ??= client
      .send(new GetQueueUrlCommand({ QueueName: queueName }))
      .then(({ QueueUrl }) => {
        if (QueueUrl === undefined) throw new Error(`Queue ${queueName} has no URL`);
        return QueueUrl;
      })
      .catch((error: unknown) => {
        url = undefined;
        throw error;
      });
    return url;
  };
}
