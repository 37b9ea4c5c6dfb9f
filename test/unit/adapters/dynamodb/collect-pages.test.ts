import { describe, expect, it } from 'vitest';
import { collectPages, type PageRead } from '../../../../shared/adapters/dynamodb/collect-pages.ts';

/** A table of `size` items read `pageSize` at a time, noting each request's start key and Limit. */
function table(size: number, pageSize: number) {
  const rows = Array.from({ length: size }, (_, i) => ({ id: i, keep: i % 3 === 0 }));
  const requests: { start: number | undefined; remaining: number }[] = [];
  const read = async (startKey: Record<string, unknown> | undefined, remaining: number): Promise<PageRead> => {
    const start = startKey === undefined ? 0 : Number(startKey.id) + 1;
    requests.push({ start: startKey === undefined ? undefined : start, remaining });
    const page = rows.slice(start, start + Math.min(pageSize, remaining));
    const last = page.at(-1);
    const more = last !== undefined && last.id < size - 1;
    return { Items: page, ...(more ? { LastEvaluatedKey: { id: last.id } } : {}) };
  };
  return { read, requests };
}

describe('collectPages', () => {
  it('follows the pages to the end when no limit is set', async () => {
    const { read, requests } = table(25, 10);
    const { items, lastKey } = await collectPages(read, (item) => item.id);
    expect(items).toHaveLength(25);
    expect(lastKey).toBeUndefined();
    expect(requests).toHaveLength(3);
  });

  it('asks each page only for what is still missing, and stops at the limit with the exact key to go on from', async () => {
    const { read, requests } = table(100, 10);
    const { items, lastKey } = await collectPages(read, (item) => item.id, { limit: 15 });
    expect(items).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(requests.map((request) => request.remaining)).toEqual([15, 5]);
    expect(lastKey).toEqual({ id: 14 });
  });

  it('answers a short page and a key after maxRounds when a filter keeps few items', async () => {
    const { read } = table(100, 10);
    const { items, lastKey } = await collectPages(read, (item) => (item.keep === true ? item.id : undefined), { limit: 50, maxRounds: 2 });
    expect(items).toEqual([0, 3, 6, 9, 12, 15, 18]);
    expect(lastKey).toBeDefined();
  });
});
