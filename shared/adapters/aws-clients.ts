/**
 * AWS SDK clients, created once per container and traced. Endpoints come from the standard
 * AWS_ENDPOINT_URL_* variables, so the same code reaches AWS, LocalStack or the local emulators.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalEnv } from '../entry/config/env.ts';
import { tracer } from './observability.ts';

// Short timeouts: a hung call must fail well inside the function's own timeout, so the caller
// answers 503 (and the sender retries) instead of being cut off mid-request.
const requestHandler = { connectionTimeout: 1_000, requestTimeout: 3_000 };

export const dynamodbClient = tracer.captureAWSv3Client(new DynamoDBClient({ requestHandler, maxAttempts: 3 }));

export const dynamodb = DynamoDBDocumentClient.from(dynamodbClient, { marshallOptions: { removeUndefinedValues: true } });

// Emulators hand out queue URLs whose host does not resolve: address them through the endpoint.
export const sqs = tracer.captureAWSv3Client(new SQSClient({ useQueueUrlAsEndpoint: optionalEnv('AWS_ENDPOINT_URL_SQS') === undefined }));

// Created on first use: only the functions that start or resume executions need it.
let sfnClient: SFNClient | undefined;
export function sfn(): SFNClient {
  sfnClient ??= tracer.captureAWSv3Client(new SFNClient({ requestHandler, maxAttempts: 3 }));
  return sfnClient;
}
