/** Typed reads of DynamoDB item attributes: a missing or mistyped attribute reads as absent. */
export type Item = Record<string, unknown>;

export function text(item: Item, key: string): string | undefined {
  const value = item[key];
  return typeof value === 'string' ? value : undefined;
}

export function count(item: Item, key: string): number {
  const value = item[key];
  return typeof value === 'number' ? value : 0;
}
