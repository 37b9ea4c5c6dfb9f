/**
 * Follows LastEvaluatedKey across Query or Scan pages until `limit` items are taken, the table
 * has no more, or `maxRounds` pages were read (a sparse filter then answers a short page and a
 * cursor). Each page asks only for what is still missing, so the last key read is the exact
 * place to go on from. Hand-written: lib-dynamodb's paginateQuery keeps one page size, which
 * would read past that key and lose the cursor's precision.
 */
type Item = Record<string, unknown>;

export interface PageRead {
  readonly Items?: Item[];
  readonly LastEvaluatedKey?: Item;
}

export interface Collected<T> {
  readonly items: T[];
  /** Where to go on from; undefined when the table has no more. */
  readonly lastKey: Item | undefined;
}

export async function collectPages<T>(
  read: (startKey: Item | undefined, remaining: number) => Promise<PageRead>,
  take: (item: Item) => T | undefined,
  options: { readonly limit?: number; readonly maxRounds?: number; readonly startKey?: Item } = {},
): Promise<Collected<T>> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const items: T[] = [];
  let startKey = options.startKey;
  let rounds = 0;
  do {
    rounds++;
    const page = await read(startKey, limit - items.length);
    for (const item of page.Items ?? []) {
      const taken = take(item);
      if (taken !== undefined) items.push(taken);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && items.length < limit && rounds < (options.maxRounds ?? Number.POSITIVE_INFINITY));
  return { items, lastKey: startKey };
}
