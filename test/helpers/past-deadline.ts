/** Moves an approval's deadline into the past on the e2e stack's DynamoDB Local, as if time had run out. */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/local/local-aws.ts';

export async function pastDeadline(tenant: string, approvalId: string): Promise<void> {
  const dynamodb = new DynamoDBClient({
    endpoint: inject('alertgate').dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await dynamodb.send(
    new UpdateItemCommand({
      TableName: 'alertgate-e2e-approvals',
      Key: { tenant: { S: tenant }, id: { S: approvalId } },
      UpdateExpression: 'SET deadline = :past',
      ExpressionAttributeValues: { ':past': { S: new Date(Date.now() - 1_000).toISOString() } },
    }),
  );
}
