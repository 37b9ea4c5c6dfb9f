import { describe, expect, it } from 'vitest';
import { ConfigurationError, readConfig } from '../../../../shared/entry/config/config.ts';

describe('reading a function’s configuration', () => {
  it('gives the variables it was asked for, typed, with their defaults', () => {
    const config = readConfig(['ALERTS_TABLE', 'AUTH_ALGORITHMS', 'AUTH_TENANT_CLAIM'], { ALERTS_TABLE: 'alertgate-prod-alerts' });
    expect(config).toEqual({ ALERTS_TABLE: 'alertgate-prod-alerts', AUTH_ALGORITHMS: ['RS256', 'ES256'], AUTH_TENANT_CLAIM: 'tenant' });
  });

  it('names every missing variable at once, and counts an empty one as missing', () => {
    const read = () => readConfig(['ALERTS_TABLE', 'AUTH_ISSUER', 'AUTH_AUDIENCE'], { ALERTS_TABLE: 'a', AUTH_ISSUER: '' });
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow('AUTH_ISSUER: is required; AUTH_AUDIENCE: is required');
  });

  it('refuses a malformed value, saying what is wrong with it', () => {
    expect(() => readConfig(['AUTH_JWKS_URL'], { AUTH_JWKS_URL: 'not a url' })).toThrow(/AUTH_JWKS_URL: Invalid URL/);
  });

  it('splits a list variable and drops the empty items', () => {
    expect(readConfig(['AUTH_ALGORITHMS'], { AUTH_ALGORITHMS: ' ES256, ,RS256 ' }).AUTH_ALGORITHMS).toEqual(['ES256', 'RS256']);
  });
});
