import { describe, expect, it } from 'vitest';
import { API_KEY_CACHE_MS, ApiKeyError, createApiKeyResolver, type SecretReaders } from '../../../../shared/adapters/secrets/api-keys.ts';

const SECRET = 'sk-test-0123456789abcdef';

class FakeReaders implements SecretReaders {
  reads = 0;
  readonly values = new Map<string, string>();
  failWith?: Error;

  async ssmParameter(name: string): Promise<string | undefined> {
    this.reads += 1;
    if (this.failWith !== undefined) throw this.failWith;
    return this.values.get(`ssm:${name}`);
  }
  async secret(name: string): Promise<string | undefined> {
    this.reads += 1;
    if (this.failWith !== undefined) throw this.failWith;
    return this.values.get(`sm:${name}`);
  }
}

function setup(options: { env?: Record<string, string>; allowEnv?: boolean } = {}) {
  const readers = new FakeReaders();
  const sessions: string[] = [];
  let now = 1_000_000;
  const resolve = createApiKeyResolver({
    // Each tenant's reads go through that tenant's readers (its tagged session in the cloud).
    readersFor: (tenant) => {
      sessions.push(tenant);
      return readers;
    },
    env: options.env ?? {},
    allowEnv: options.allowEnv ?? true,
    stage: 'prod',
    now: () => now,
  });
  return { readers, sessions, resolve, advance: (ms: number) => (now += ms) };
}

async function failure(promise: Promise<string>): Promise<ApiKeyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiKeyError)) throw new Error(`expected an ApiKeyError, got ${String(error)}`);
  return error;
}

describe('resolving an API key reference', () => {
  it('reads an allowed environment variable for env: refs', async () => {
    const { resolve } = setup({ env: { OPENAI_API_KEY: SECRET, ALERTGATE_LLM_LOCAL: 'k2' } });
    expect(await resolve('acme', 'env:OPENAI_API_KEY')).toBe(SECRET);
    expect(await resolve('acme', 'env:ALERTGATE_LLM_LOCAL')).toBe('k2');
  });

  it('refuses env: refs to variables that are not API keys, such as the AWS credentials', async () => {
    const { resolve } = setup({ env: { AWS_SECRET_ACCESS_KEY: 'aws-secret' } });
    const error = await failure(resolve('acme', 'env:AWS_SECRET_ACCESS_KEY'));
    expect(error.message).toMatch(/not one allowed/);
    expect(error.message).not.toContain('aws-secret');
  });

  it('refuses env: refs inside Lambda (outside serverless-offline)', async () => {
    const inLambda = createApiKeyResolver({
      env: { AWS_LAMBDA_FUNCTION_NAME: 'triage', OPENAI_API_KEY: SECRET },
      readersFor: () => new FakeReaders(),
    });
    expect((await failure(inLambda('acme', 'env:OPENAI_API_KEY'))).message).toMatch(/local runs only/);
    const offline = createApiKeyResolver({ env: { AWS_LAMBDA_FUNCTION_NAME: 'triage', IS_OFFLINE: 'true', OPENAI_API_KEY: SECRET } });
    expect(await offline('acme', 'env:OPENAI_API_KEY')).toBe(SECRET);
  });

  it("reads an SSM parameter under the tenant's namespace, through that tenant's readers", async () => {
    const { resolve, readers, sessions } = setup();
    readers.values.set('ssm:/alertgate/prod/tenants/acme/openai', ` ${SECRET}\n`);
    expect(await resolve('acme', 'ssm:/alertgate/prod/tenants/acme/openai')).toBe(SECRET);
    expect(sessions).toEqual(['acme']);
  });

  it("refuses an SSM parameter or secret outside the tenant's namespace (another tenant's key)", async () => {
    const { resolve, readers } = setup();
    readers.values.set('ssm:/alertgate/prod/tenants/other/openai', SECRET);
    expect((await failure(resolve('acme', 'ssm:/alertgate/prod/tenants/other/openai'))).message).toMatch(
      /must be under \/alertgate\/prod\/tenants\/acme\//,
    );
    expect((await failure(resolve('acme', 'secretsmanager:alertgate/prod/tenants/acmecorp/key'))).message).toMatch(/must be named/);
    expect((await failure(resolve('a/b', 'ssm:/alertgate/prod/tenants/a/b/key'))).message).toMatch(/cannot own secrets/);
    expect(readers.reads).toBe(0);
  });

  it('reads a Secrets Manager secret, plain or JSON with an apiKey field', async () => {
    const { resolve, readers } = setup();
    readers.values.set('sm:alertgate/prod/tenants/acme/plain', SECRET);
    readers.values.set('sm:alertgate/prod/tenants/acme/json', JSON.stringify({ apiKey: SECRET, note: 'rotated' }));
    expect(await resolve('acme', 'secretsmanager:alertgate/prod/tenants/acme/plain')).toBe(SECRET);
    expect(await resolve('acme', 'secretsmanager:alertgate/prod/tenants/acme/json')).toBe(SECRET);
  });

  it('caches a key for five minutes, then reads it again', async () => {
    const { resolve, readers, advance } = setup();
    readers.values.set('ssm:/alertgate/prod/tenants/acme/k', SECRET);
    await resolve('acme', 'ssm:/alertgate/prod/tenants/acme/k');
    await resolve('acme', 'ssm:/alertgate/prod/tenants/acme/k');
    advance(API_KEY_CACHE_MS - 1);
    await resolve('acme', 'ssm:/alertgate/prod/tenants/acme/k');
    expect(readers.reads).toBe(1);
    advance(2);
    await resolve('acme', 'ssm:/alertgate/prod/tenants/acme/k');
    expect(readers.reads).toBe(2);
  });

  it('does not cache a failure', async () => {
    const { resolve, readers } = setup();
    await failure(resolve('acme', 'ssm:/alertgate/prod/tenants/acme/k'));
    readers.values.set('ssm:/alertgate/prod/tenants/acme/k', SECRET);
    expect(await resolve('acme', 'ssm:/alertgate/prod/tenants/acme/k')).toBe(SECRET);
  });

  it('names a missing or unreadable parameter without any secret in the message', async () => {
    const { resolve, readers } = setup();
    expect((await failure(resolve('acme', 'ssm:/alertgate/prod/tenants/acme/none'))).message).toBe(
      'SSM parameter /alertgate/prod/tenants/acme/none is not set or empty',
    );
    readers.failWith = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
    expect((await failure(resolve('acme', 'ssm:/alertgate/prod/tenants/acme/x'))).message).toBe(
      'access denied reading SSM parameter /alertgate/prod/tenants/acme/x',
    );
    readers.failWith = Object.assign(new Error('nope'), { name: 'ParameterNotFound' });
    expect((await failure(resolve('acme', 'ssm:/alertgate/prod/tenants/acme/y'))).message).toBe(
      'SSM parameter /alertgate/prod/tenants/acme/y not found',
    );
  });

  it('refuses a reference of an unknown kind', async () => {
    const { resolve } = setup();
    expect((await failure(resolve('acme', 'vault:secret/data/key'))).message).toMatch(/is not env:NAME, ssm:\/path or secretsmanager:name/);
    expect((await failure(resolve('acme', SECRET))).message).not.toContain('0123456789');
  });
});
