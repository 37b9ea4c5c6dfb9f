/** Each error of a problem+json lands at the field it names, or at the nearest part that exists. */
import { describe, expect, it } from 'vitest';
import { placeErrors } from '../src/components/json-form.tsx';

const config = { policies: { approvalDeadlineMinutes: 1, rules: [{ matchers: ['a="b"'] }] }, providers: [] };

describe('placeErrors', () => {
  it('puts an error on the field it names, array indexes included', () => {
    const placed = placeErrors(config, [
      { field: 'policies.approvalDeadlineMinutes', message: 'Too small: expected number to be >=5' },
      { field: 'policies.rules.0.matchers.0', message: 'invalid matcher' },
    ]);
    expect(placed.get('policies.approvalDeadlineMinutes')).toEqual(['Too small: expected number to be >=5']);
    expect(placed.get('policies.rules.0.matchers.0')).toEqual(['invalid matcher']);
  });

  it('shows an error about a missing field at its nearest existing parent, naming the rest of the path', () => {
    const placed = placeErrors(config, [
      { field: 'policies.rules.0.mode', message: 'a policy rule sets exactly one of mode, atLeast' },
      { field: 'providers.0.model', message: 'Required' },
      { field: '', message: 'not an object' },
    ]);
    expect(placed.get('policies.rules.0')).toEqual(['mode: a policy rule sets exactly one of mode, atLeast']);
    expect(placed.get('providers')).toEqual(['0.model: Required']);
    expect(placed.get('')).toEqual(['not an object']);
  });
});
