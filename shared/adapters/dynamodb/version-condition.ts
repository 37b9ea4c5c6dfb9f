/** Optimistic concurrency on a put: the item must not exist yet, or must still be at the version read. */
export function versionCondition(keyAttribute: string, expectedVersion: number | undefined) {
  return expectedVersion === undefined
    ? { ConditionExpression: `attribute_not_exists(${keyAttribute})` }
    : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } };
}
