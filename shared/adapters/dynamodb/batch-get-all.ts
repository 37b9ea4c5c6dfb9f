/**
 * BatchGetItem for any number of keys of one table: 100 keys a request, and the keys DynamoDB
 * leaves unprocessed (throttling) asked for again with backoff, at most `maxAttempts` times, then
 * a thrown error: a read never silently returns less than it was asked for.
 */
import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

const KEYS_PER_REQUEST = 100;
const MAX_ATTEMPTS = 8;

export async function batchGetAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
  options: { readonly consistent?: boolean; readonly maxAttempts?: number } = {},
): Promise<Item[]> {
  const found: Item[] = [];
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  for (let i = 0; i < keys.length; i += KEYS_PER_REQUEST) {
    let pending: Item[] | undefined = keys.slice(i, i + KEYS_PER_REQUEST);
    for (let attempt = 0; pending !== undefined && pending.length > 0; attempt++) {
      if (attempt >= maxAttempts)
        throw new Error(`BatchGetItem left ${pending.length} key(s) of ${table} unprocessed after ${maxAttempts} attempts`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6)));
      const output: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: options.consistent ?? true } } }),
      );
      found.push(...(output.Responses?.[table] ?? []));
      pending = output.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}
