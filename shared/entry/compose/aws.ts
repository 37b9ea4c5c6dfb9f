/**
 * The AWS SDK clients of this container, each made the first time a composition module asks for
 * it, so a function builds (and bundles) only the clients it uses.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createSfnClient, createSqsClient } from '../../adapters/aws-clients.ts';
import { readConfig } from '../config/config.ts';

let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;
let sfnClient: SFNClient | undefined;

export function dynamodb(): DynamoDBDocumentClient {
  documentClient ??= createDocumentClient();
  return documentClient;
}

export function sqs(): SQSClient {
  sqsClient ??= createSqsClient({ endpointSet: readConfig(['AWS_ENDPOINT_URL_SQS']).AWS_ENDPOINT_URL_SQS !== undefined });
  return sqsClient;
}

export function sfn(): SFNClient {
  sfnClient ??= createSfnClient();
  return sfnClient;
}
