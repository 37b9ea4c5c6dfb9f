/** The development identity provider: its users and password, and that it runs on the local stack only. */
import { describe, expect, it } from 'vitest';
import { DEV_USERS, signIn } from '../../../scripts/local/identity-provider/dev-users.ts';
import { assertLocalStage } from '../../../scripts/local/identity-provider/identity-provider.ts';

describe('the development users', () => {
  it('has one user of each role the issue names, and a second approver', () => {
    expect(Object.fromEntries(DEV_USERS.map((user) => [user.username, user.roles.join(',')]))).toEqual({
      alice: 'approver',
      bob: 'viewer',
      carol: 'auditor',
      dave: 'admin',
      erin: 'responder',
      frank: 'approver',
    });
    expect(new Set(DEV_USERS.map((user) => user.tenant))).toEqual(new Set(['demo']));
  });

  it('signs in with the password alertgate only', () => {
    expect(signIn('alice', 'alertgate')?.username).toBe('alice');
    expect(signIn(' Alice ', 'alertgate')?.username).toBe('alice');
    expect(signIn('alice', 'alertgat')).toBeUndefined();
    expect(signIn('alice', 'alertgate ')).toBeUndefined();
    expect(signIn('mallory', 'alertgate')).toBeUndefined();
  });
});

describe('assertLocalStage', () => {
  it('refuses a production stage and real Lambda', () => {
    expect(() => assertLocalStage('prod', {})).toThrow(/local stack only, not on stage prod/);
    expect(() => assertLocalStage('Production', {})).toThrow(/local stack only/);
    expect(() => assertLocalStage('dev', { AWS_LAMBDA_FUNCTION_NAME: 'alertgate-dev-x' })).toThrow(/local stack only/);
    expect(() => assertLocalStage('dev', {})).not.toThrow();
    expect(() => assertLocalStage('e2e', { IS_OFFLINE: 'true', AWS_LAMBDA_FUNCTION_NAME: 'x' })).not.toThrow();
  });
});
