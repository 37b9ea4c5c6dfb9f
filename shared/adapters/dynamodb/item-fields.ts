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

export function nested(value: unknown): Item | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value));
}

export function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((candidate) => candidate === value);
}
