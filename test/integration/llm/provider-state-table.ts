/**
 * The provider-state table on DynamoDB Local. Until resources/dynamodb.yml declares it (and the
 * local launcher creates it from there), the LLM integration tests create it with the same key
 * schema as the cloud table.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { emulators } from '../../helpers/local-clients.ts';

export function providerStateTable(): string {
  return `alertgate-${emulators().stage}-provider-state`;
}

export async function ensureProviderStateTable(): Promise<string> {
  const env = emulators();
  const table = providerStateTable();
  const client = new DynamoDBClient({
    endpoint: env.endpoints.dynamodb,
    region: env.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
  } catch (error: unknown) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    try {
      await client.send(
        new CreateTableCommand({
          TableName: table,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
    } catch (createError: unknown) {
      // Another test file created it in between.
      if (!(createError instanceof Error && createError.name === 'ResourceInUseException')) throw createError;
    }
  } finally {
    client.destroy();
  }
  return table;
}
