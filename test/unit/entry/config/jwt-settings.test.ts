import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLocalRuntime } from '../../../../shared/adapters/runtime.ts';
import { readConfig } from '../../../../shared/entry/config/config.ts';
import { JWT_VARIABLES, jwtSettings } from '../../../../shared/entry/config/jwt-settings.ts';

const jwks = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
writeFileSync(jwks, JSON.stringify({ keys: [] }));

const config = (env: Record<string, string>) =>
  readConfig(JWT_VARIABLES, { STAGE: 'production', AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'alertgate', ...env });

describe('JWT settings', () => {
  it('refuse the development key set in Lambda, whatever the stage is called', () => {
    for (const STAGE of ['prod', 'production', 'prd', 'dev']) {
      expect(() => jwtSettings(config({ STAGE, AUTH_LOCAL_JWKS_FILE: jwks }), false)).toThrow(/refused in Lambda/);
    }
    expect(jwtSettings(config({ AUTH_LOCAL_JWKS_FILE: jwks }), true).issuer).toBe('https://idp.example');
  });

  it('need an https JWKS in the cloud', () => {
    expect(() => jwtSettings(config({ AUTH_JWKS_URL: 'http://idp.example/jwks' }), false)).toThrow(/must be an https URL/);
    expect(jwtSettings(config({ AUTH_JWKS_URL: 'https://idp.example/jwks' }), false).maxTokenAge).toBe('24h');
  });

  it('refuse a Cognito custom attribute as the tenant claim until the operator says users cannot write it', () => {
    const cognito = { AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_TENANT_CLAIM: 'custom:tenant' };
    expect(() => jwtSettings(config(cognito), false)).toThrow(/custom:tenant is a user attribute/);
    expect(jwtSettings(config({ ...cognito, AUTH_CLAIMS_ADMIN_ONLY: 'true' }), false).tenantClaim).toBe('custom:tenant');
  });
});

describe('the local runtime', () => {
  it('is serverless offline or no Lambda at all, never a Lambda function', () => {
    expect(isLocalRuntime({ AWS_LAMBDA_FUNCTION_NAME: 'alertgate-prod-triage' })).toBe(false);
    expect(isLocalRuntime({ AWS_LAMBDA_FUNCTION_NAME: 'alertgate-dev-triage', IS_OFFLINE: 'true' })).toBe(true);
    expect(isLocalRuntime({})).toBe(true);
  });
});
