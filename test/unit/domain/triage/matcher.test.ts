import { describe, expect, it } from 'vitest';
import { parseMatcher } from '../../../../shared/domain/triage/matcher.ts';

describe('Alertmanager matchers', () => {
  it.each([
    ['env="prod"', { env: 'prod' }, true],
    ['env=prod', { env: 'staging' }, false],
    ['env!="prod"', { env: 'staging' }, true],
    ['env!=prod', {}, true],
    ['severity=~"critical|warning"', { severity: 'warning' }, true],
    ['severity=~"crit"', { severity: 'critical' }, false],
    ['pod!~"canary-.*"', { pod: 'canary-1' }, false],
    ['team=""', {}, true],
  ])('%s on %j → %s', (text, labels, expected) => {
    expect(parseMatcher(text).matches(labels)).toBe(expected);
  });

  it('refuses an invalid regex, saying so', () => {
    expect(() => parseMatcher('env=~"(prod"')).toThrow(/invalid regex/);
  });

  it('refuses text that is not a matcher', () => {
    expect(() => parseMatcher('just words')).toThrow(/is not a matcher/);
  });
});
