import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../shared/adapters/group-commit.ts';

/** A batch writer that records its batches and holds each until released. */
function heldWriter() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const write = (inputs: readonly string[]) =>
    new Promise<PromiseSettledResult<string>[]>((resolve) => {
      batches.push([...inputs]);
      releases.push(() =>
        resolve(
          inputs.map((input) =>
            input.startsWith('bad') ? { status: 'rejected', reason: new Error(input) } : { status: 'fulfilled', value: `wrote ${input}` },
          ),
        ),
      );
    });
  return { write, batches, release: (n: number) => releases[n]?.() };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes the calls of one turn together, and those made during a write in the next batch, never two at once', async () => {
    const writer = heldWriter();
    const commit = new GroupCommit(writer.write, 10);
    const first = ['a', 'b', 'c'].map((input) => commit.submit('k', input));
    await turn();
    expect(writer.batches).toEqual([['a', 'b', 'c']]);
    const later = ['d', 'e'].map((input) => commit.submit('k', input));
    await turn();
    // The first batch is still being written: the next one waits.
    expect(writer.batches).toHaveLength(1);
    writer.release(0);
    expect(await Promise.all(first)).toEqual(['wrote a', 'wrote b', 'wrote c']);
    await turn();
    expect(writer.batches).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    writer.release(1);
    expect(await Promise.all(later)).toEqual(['wrote d', 'wrote e']);
  });

  it('keeps keys apart, caps a batch, and gives each call its own result or error', async () => {
    const writer = heldWriter();
    const commit = new GroupCommit(writer.write, 2);
    const calls = Promise.allSettled([
      commit.submit('x', 'x1'),
      commit.submit('y', 'y1'),
      commit.submit('x', 'bad-x2'),
      commit.submit('x', 'x3'),
    ]);
    await turn();
    expect(writer.batches).toEqual([['x1', 'bad-x2'], ['y1']]);
    writer.release(0);
    writer.release(1);
    await turn();
    expect(writer.batches[2]).toEqual(['x3']);
    writer.release(2);
    const settled = await calls;
    expect(settled.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual([
      'wrote x1',
      'wrote y1',
      'bad-x2',
      'wrote x3',
    ]);
  });

  it('fails every call of a batch whose write throws, and goes on with the next', async () => {
    let calls = 0;
    const commit = new GroupCommit<string, string>(async (inputs) => {
      calls++;
      if (calls === 1) throw new Error('unreachable table');
      return inputs.map((input) => ({ status: 'fulfilled', value: input }));
    }, 10);
    const failed = Promise.allSettled([commit.submit('k', 'a'), commit.submit('k', 'b')]);
    expect((await failed).map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await commit.submit('k', 'c')).toBe('c');
  });
});
