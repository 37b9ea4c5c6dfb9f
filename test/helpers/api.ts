/** A small HTTP client for the end-to-end tests, with tokens minted by the local key. */
import { inject } from 'vitest';
import { mintDevToken } from '../../scripts/local/dev-keys.ts';
import type { Role } from '../../shared/domain/roles.ts';
import { assertFitsContract } from './contract.ts';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export function tokenFor(tenant: string, roles: readonly Role[], subject = `${tenant}-user`): Promise<string> {
  return mintDevToken(inject('alertgate').keys, { tenant, roles, subject });
}

export async function call(
  method: string,
  path: string,
  options: { token?: string; json?: unknown; body?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${inject('alertgate').baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  const parsed = text === '' ? {} : JSON.parse(text);
  assertFitsContract(method, path, response.status, response.headers.get('content-type'), text === '' ? undefined : parsed);
  return { status: response.status, headers: response.headers, body: parsed };
}
