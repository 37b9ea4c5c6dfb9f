/**
 * A write that lost a race: its condition failed, or another transaction held the item
 * (DynamoDB does not retry TransactionConflict on single-item writes). Either way the caller
 * reads again and retries; neither is a server error.
 */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionConflictException');
}
