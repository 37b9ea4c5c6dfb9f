import { describe, expect, it } from 'vitest';
import { describeDeadLetter } from '../../../../shared/domain/audit/dead-letter.ts';

describe('a dead-lettered audit message, described for the operator', () => {
  it('says why the writer refused it', () => {
    const empty = JSON.stringify({ eventId: 'x:1', tenant: 'acme', time: 't', type: 'config.changed', actor: '', correlationId: 'c' });
    expect(describeDeadLetter(empty)).toEqual({
      tenant: 'acme',
      type: 'config.changed',
      eventId: 'x:1',
      reason: expect.stringContaining('actor:'),
    });
    expect(describeDeadLetter('{oops')).toMatchObject({ tenant: '?', reason: expect.stringContaining('not JSON') });
    const huge = JSON.stringify({
      eventId: 'x:2',
      tenant: 'acme',
      time: 't',
      type: 'config.changed',
      actor: 'a',
      correlationId: 'c',
      data: { blob: 'x'.repeat(40_000) },
    });
    expect(describeDeadLetter(huge).reason).toMatch(/at most 32768/);
  });
});
