import { describe, expect, it } from 'vitest';
import { pagesOf } from '../src/api.ts';

/** A list of 250 numbers served 100 a page, counting the requests. */
function server() {
  const requests: (string | undefined)[] = [];
  const page = async (cursor: string | undefined) => {
    requests.push(cursor);
    const start = cursor === undefined ? 0 : Number(cursor);
    const items = Array.from({ length: Math.min(100, 250 - start) }, (_, i) => start + i);
    const next = start + 100;
    return next < 250 ? { items, cursor: String(next) } : { items };
  };
  return { page, requests };
}

describe('reading a list page by page', () => {
  it('follows the cursor up to the pages asked for, and says whether there is more', async () => {
    const { page, requests } = server();
    const two = await pagesOf(2, page);
    expect(two).toMatchObject({ more: true, pages: 2, cursor: '200' });
    expect(two.items).toHaveLength(200);
    expect(requests).toEqual([undefined, '100']);
  });

  it('reads only the next page when given what is loaded ("Show more")', async () => {
    const { page, requests } = server();
    const one = await pagesOf(1, page);
    const more = await pagesOf(3, page, one);
    expect(more.items).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(more).toMatchObject({ more: false, pages: 3 });
    expect(requests).toEqual([undefined, '100', '200']);
    // Nothing left: no request at all.
    expect(await pagesOf(4, page, more)).toBe(more);
    expect(requests).toHaveLength(3);
  });
});
