/**
 * The typed API client: openapi-fetch over the types generated from the API's OpenAPI document
 * (api/schema.d.ts), with the signed-in user's access token on every request. Errors come back as
 * the API's problem+json, kept whole so a form can show each field's error. Reads that meet a passing
 * failure are asked again (retrying-fetch.ts).
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api/schema';
import { retryingFetch } from './retrying-fetch.ts';

export type Schemas = components['schemas'];
export type Alert = Schemas['Alert'];
export type Incident = Schemas['Incident'];
export type IncidentDetail = Schemas['IncidentDetail'];
export type Approval = Schemas['Approval'];
export type AuditEntry = Schemas['AuditEntry'];
export type Problem = Schemas['Problem'];
export type TriageDecision = Schemas['TriageDecision'];

export type ApiClient = ReturnType<typeof createApi>;

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

export function createApi(baseUrl: string, token: () => string | undefined, onUnauthorized: () => void) {
  const client = createClient<paths>({ baseUrl, fetch: retryingFetch((request, init) => globalThis.fetch(request, init)) });
  const auth: Middleware = {
    onRequest({ request }) {
      const accessToken = token();
      if (accessToken !== undefined) request.headers.set('Authorization', `Bearer ${accessToken}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) onUnauthorized();
      return response;
    },
  };
  client.use(auth);
  return client;
}

/** The data of an openapi-fetch result, or throws its problem. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const problem = result.error as Problem | undefined;
    throw new ProblemError(
      problem?.title === undefined
        ? {
            type: 'about:blank',
            title: 'Request failed',
            status: result.response.status,
            detail: `HTTP ${result.response.status}`,
            instance: '',
          }
        : problem,
    );
  }
  return result.data;
}

export interface Pages<T> {
  readonly items: T[];
  /** Whether the list may have more. */
  readonly more: boolean;
  readonly cursor?: string;
  readonly pages: number;
}

/**
 * Up to `pages` pages of one of the API's lists, following its cursor. Given what is loaded
 * already (`from`), it reads only the pages after it: "Show more" costs one request, not all again.
 */
export async function pagesOf<T>(
  pages: number,
  page: (cursor: string | undefined) => Promise<{ items: T[]; cursor?: string }>,
  from?: Pages<T>,
): Promise<Pages<T>> {
  if (from !== undefined && !from.more) return from;
  const items = [...(from?.items ?? [])];
  let cursor = from?.cursor;
  let count = from?.pages ?? 0;
  while (count < pages) {
    const result = await page(cursor);
    count += 1;
    items.push(...result.items);
    cursor = result.cursor;
    if (cursor === undefined) break;
  }
  return { items, more: cursor !== undefined, pages: count, ...(cursor === undefined ? {} : { cursor }) };
}
