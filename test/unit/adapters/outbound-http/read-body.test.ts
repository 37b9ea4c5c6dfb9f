import { describe, expect, it } from 'vitest';
import { readBodyUpTo } from '../../../../shared/adapters/outbound-http/read-body.ts';

/** A response streaming `chunks`, noting whether the reader cancelled the rest. */
function streamed(chunks: string[]) {
  const state = { cancelled: false, pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[state.pulled++];
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { response: new Response(body), state };
}

describe('readBodyUpTo', () => {
  it('reads a body within the limit whole', async () => {
    const { response } = streamed(['{"ok":', 'true}']);
    expect(await readBodyUpTo(response, 11)).toEqual({ text: '{"ok":true}', truncated: false });
  });

  it('stops reading past the limit, keeps the first `limit` bytes, and cancels the rest of the stream', async () => {
    const { response, state } = streamed(['abcdef', 'ghijkl', 'never read']);
    expect(await readBodyUpTo(response, 8)).toEqual({ text: 'abcdefgh', truncated: true });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(4);
  });

  it('reads an empty body as empty', async () => {
    expect(await readBodyUpTo(new Response(null), 10)).toEqual({ text: '', truncated: false });
  });
});
