/**
 * AWS SDK clients, traced, made by the composition module of the function that needs them (once
 * per container). Endpoints come from the standard AWS_ENDPOINT_URL_* variables, so the same code
 * reaches AWS, LocalStack or the local emulators.
 */
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient as DocumentClient, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './observability.ts';

/**
 * A hung call must fail well inside the function's own timeout (10 s for the API), so the caller
 * answers 503 and the sender retries instead of being cut off: at worst 3 × (0.5 s + 2 s) plus
 * the SDK's backoff, about 8 s.
 */
export const AWS_CLIENT_LIMITS = {
  requestHandler: { connectionTimeout: 500, requestTimeout: 2_000 },
  maxAttempts: 3,
} as const;

export function createDocumentClient(): DocumentClient {
  const client = tracer.captureAWSv3Client(new DynamoDBClient({ ...AWS_CLIENT_LIMITS }));
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Emulators hand out queue URLs whose host does not resolve: with an endpoint set, address queues through it. */
export function createSqsClient(options: { readonly endpointSet: boolean }): SQSClient {
  return tracer.captureAWSv3Client(new SQSClient({ ...AWS_CLIENT_LIMITS, useQueueUrlAsEndpoint: !options.endpointSet }));
}

export function createSfnClient(): SFNClient {
  return tracer.captureAWSv3Client(new SFNClient({ ...AWS_CLIENT_LIMITS }));
}

/** Emulators serve buckets by path, not by virtual host. */
export function createS3Client(options: { readonly endpointSet: boolean }): S3Client {
  return tracer.captureAWSv3Client(new S3Client({ ...AWS_CLIENT_LIMITS, forcePathStyle: options.endpointSet }));
}

/** Posts to the live-updates WebSocket API's connections (its management endpoint, `https://…/<stage>`). */
export function createLiveClient(endpoint: string): ApiGatewayManagementApiClient {
  return tracer.captureAWSv3Client(new ApiGatewayManagementApiClient({ ...AWS_CLIENT_LIMITS, endpoint }));
}

/** A synchronous invoke waits for the function: its own timeout, not the 2 s of data calls. */
export function createLambdaClient(): LambdaClient {
  return tracer.captureAWSv3Client(
    new LambdaClient({ requestHandler: { connectionTimeout: 500, requestTimeout: 25_000 }, maxAttempts: 1 }),
  );
}
