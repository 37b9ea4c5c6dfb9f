import { describe, expect, it } from 'vitest';
import { MAX_MATCHER_LENGTH, parseMatcher } from '../../../../shared/domain/triage/matcher.ts';

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

  it('anchors a regex at both ends, as Alertmanager does', () => {
    expect(parseMatcher('service=~"pay"').matches({ service: 'payments' })).toBe(false);
    expect(parseMatcher('service=~"pay|orders"').matches({ service: 'xorders' })).toBe(false);
    expect(parseMatcher('service=~"pay.*"').matches({ service: 'payments' })).toBe(true);
  });

  it('runs a catastrophic pattern on a 4 KiB label in linear time, where a backtracking engine would not return', () => {
    // On V8's engine (a+)+$ against 35 "a"s and a "!" takes about a minute; RE2 answers at once.
    const matcher = parseMatcher('service=~"(a+)+$"');
    expect(matcher.matches({ service: `${'a'.repeat(4095)}!` })).toBe(false);
    expect(matcher.matches({ service: 'a'.repeat(4096) })).toBe(true);
  });

  it('refuses what RE2 cannot run in linear time: backreferences and lookarounds', () => {
    expect(() => parseMatcher('env=~"(a)\\1"')).toThrow(/invalid regex/);
    expect(() => parseMatcher('env=~"(?=prod)prod"')).toThrow(/invalid regex/);
  });

  it('refuses a matcher over 1 KiB before parsing it, and parses long whitespace runs in linear time', () => {
    expect(() => parseMatcher(`env="${'x'.repeat(MAX_MATCHER_LENGTH)}"`)).toThrow(/at most 1024 characters/);
    expect(() => parseMatcher(`env${' '.repeat(1000)}`)).toThrow(/is not a matcher/);
    expect(parseMatcher(`  env  =  "prod"  `).matches({ env: 'prod' })).toBe(true);
  });
});
