/**
 * Hostile requests for every operation of the OpenAPI document, as fast-check arbitraries: the
 * fuzz test (test/e2e/fuzz.test.ts) and `npm run fuzz` send them to a running stack and check
 * that none gets a 5xx other than 503 and that every 4xx is problem+json.
 *
 * Written here rather than taken from a schema-to-arbitrary library: what matters is not
 * well-formed values but near-misses of the document's own shapes (a required field missing, a
 * wrong type, a huge or deep value, `__proto__`), and the document is small enough to walk.
 */
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  readonly bodySchema?: Schema;
}

export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as raw bytes, so malformed UTF-8 can be sent too. */
  readonly body?: Uint8Array;
  /** Which credential the request carries: the caller substitutes a real token for 'allRoles'. */
  readonly credential: Credential;
}

export type Credential = 'allRoles' | 'viewerOnly' | 'none' | 'garbage' | 'fakeIntegrationKey';

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Schema>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = (operation.parameters ?? []) as { in: string; name: string }[];
      const content = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      const schema = content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        ...(schema === undefined ? {} : { bodySchema: resolve(document, schema) }),
      });
    }
  }
  return operations;
}

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  return resolve(document, document.components?.schemas?.[name] ?? {});
}

const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Strings that have broken parsers before: empty, huge, control and bidi characters, path tricks. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '\u202e',
    '\ud800',
    'null',
    '0',
    '-1',
    '1e309',
    'e#000000000001',
    'v#0000000001',
    '{"a":1}',
    '(a+)+$',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const hostileScalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, 0.5),
  fc.integer(),
  hostileString,
);

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.constantFrom<Json>([], {}, [null], { __proto__: { polluted: true } } as Json) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
);

/** A value of roughly the schema's shape, each part of which may be a near-miss. */
function nearMiss(schema: Schema, document: OpenApiDocument, depth = 0): fc.Arbitrary<Json> {
  const resolved = resolve(document, schema);
  if (depth > 4) return hostileValue;
  const variants = (resolved.anyOf ?? resolved.oneOf) as Schema[] | undefined;
  if (variants !== undefined && variants.length > 0) {
    return fc.oneof(...variants.map((variant) => nearMiss(variant, document, depth + 1)));
  }
  const shaped = shapedBy(resolved, document, depth);
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: hostileValue });
}

function shapedBy(schema: Schema, document: OpenApiDocument, depth: number): fc.Arbitrary<Json> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as Json[]));
  if (schema.const !== undefined) return fc.constant(schema.const as Json);
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const entries = Object.entries(properties).map(([key, value]) => [key, nearMiss(value, document, depth + 1)] as const);
      const record = Object.fromEntries(entries);
      return fc.record(record, { requiredKeys: [] }).map((value) => value as Json);
    }
    case 'array':
      return fc.array(nearMiss((schema.items ?? {}) as Schema, document, depth + 1), { maxLength: 4 });
    case 'string':
      return fc.oneof(hostileString, fc.string({ minLength: 1, maxLength: 20 }));
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double());
    case 'boolean':
      return fc.boolean();
    default:
      return hostileValue;
  }
}

const utf8 = new TextEncoder();

/** Bodies: near-misses of the schema, JSON that is not an object, deep nesting, bad bytes. */
function bodyFor(operation: Operation, document: OpenApiDocument): fc.Arbitrary<Uint8Array | undefined> {
  const json = (value: fc.Arbitrary<Json>) => value.map((body) => utf8.encode(JSON.stringify(body)));
  return fc.oneof(
    { weight: 6, arbitrary: json(operation.bodySchema === undefined ? hostileValue : nearMiss(operation.bodySchema, document)) },
    { weight: 2, arbitrary: json(hostileValue) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, utf8.encode(''), utf8.encode('{'), utf8.encode('nul')) },
    { weight: 1, arbitrary: fc.integer({ min: 60, max: 20_000 }).map((depth) => utf8.encode(deep(depth))) },
    { weight: 1, arbitrary: fc.constant(Uint8Array.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])) },
    { weight: 1, arbitrary: fc.constant(utf8.encode(`{"a":"${'x'.repeat(1_100_000)}"}`)) },
  );
}

function pathFor(operation: Operation): fc.Arbitrary<string> {
  const segment = hostileString.filter((value) => value !== '').map((value) => encodeURIComponent(value.toWellFormed()));
  // Already-encoded segments: malformed UTF-8, an encoded slash, a NUL, a dot segment.
  const raw = fc.constantFrom('%C3%28', '%2F..%2F', '%00', '..', '%E2%80%AE');
  const known = fc.constantFrom('generic', 'alertmanager', 'grafana', 'pagerduty', 'fuzz', 'ap-missing');
  const values = operation.pathParams.map(() => fc.oneof(known, segment, raw));
  return fc.tuple(...values).map((chosen) => {
    let path = operation.path;
    operation.pathParams.forEach((name, index) => {
      path = path.replace(`{${name}}`, chosen[index] ?? 'x');
    });
    return path;
  });
}

function queryFor(operation: Operation): fc.Arbitrary<string> {
  const names = [...operation.queryParams, 'limit', 'cursor', '__proto__'];
  return fc
    .uniqueArray(
      fc.tuple(
        fc.constantFrom(...names),
        fc.oneof(hostileString, fc.constantFrom('1', '100', '101', '-3', 'abc', 'eyJ4IjoxfQ', 'open', 'ndjson')),
      ),
      { maxLength: 3, selector: ([name]) => name },
    )
    .map((pairs) => (pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`));
}

const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/problem+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
);

const credential = fc.constantFrom<Credential>('allRoles', 'allRoles', 'allRoles', 'viewerOnly', 'none', 'garbage', 'fakeIntegrationKey');

export function hostileRequest(operation: Operation, document: OpenApiDocument): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      path: pathFor(operation),
      query: queryFor(operation),
      body: bodyFor(operation, document),
      contentType,
      credential,
      extraHeader: fc.option(
        fc.constantFrom<[string, string]>(['if-match', '"x"'], ['if-match', '-1'], ['x-correlation-id', 'é'.repeat(300)]),
      ),
    })
    .map(({ path, query, body, contentType: type, credential: chosen, extraHeader }) => ({
      method: operation.method,
      path: `${path}${query}`,
      headers: {
        ...(body === undefined || type === '' ? {} : { 'content-type': type }),
        ...(extraHeader === null ? {} : { [extraHeader[0]]: extraHeader[1] }),
      },
      ...(body === undefined ? {} : { body }),
      credential: chosen,
    }));
}

/** Every operation's hostile requests, interleaved. */
export function anyHostileRequest(document: OpenApiDocument): fc.Arbitrary<HostileRequest> {
  return fc.oneof(...operationsOf(document).map((operation) => hostileRequest(operation, document)));
}

export interface FuzzTally {
  sent: number;
  /** Answered by serverless offline's router before any function ran (see judge). */
  emulator: number;
  readonly statuses: Map<number, number>;
  readonly failures: string[];
}

export interface Sent {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

const EMULATOR_BAD_PATH = '{"statusCode":400,"error":"Bad Request","message":"Bad Request"}';

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** What the fuzz asserts of each answer: no 5xx but 503, and every 4xx a problem document. */
export function judge(request: HostileRequest, sent: Sent, tally: FuzzTally): 'judged' | 'emulator' {
  tally.sent += 1;
  tally.statuses.set(sent.status, (tally.statuses.get(sent.status) ?? 0) + 1);
  // serverless offline's router (hapi) refuses a path whose percent-encoding is not UTF-8 itself,
  // before any function runs; alertgate never sees the request. Counted, not judged.
  if (sent.status === 400 && sent.text === EMULATOR_BAD_PATH && !decodable(request.path)) {
    tally.emulator += 1;
    return 'emulator';
  }
  const what = `${request.method} ${request.path.slice(0, 160)} (${request.credential}, ${request.body?.byteLength ?? 'no'} body bytes)`;
  if (sent.status >= 500 && sent.status !== 503) tally.failures.push(`${sent.status} for ${what}: ${sent.text.slice(0, 300)}`);
  if (sent.status >= 400 && sent.status < 500 && !/^application\/problem\+json/.test(sent.contentType ?? '')) {
    tally.failures.push(`${sent.status} without problem+json for ${what}: ${sent.contentType} ${sent.text.slice(0, 200)}`);
  }
  return 'judged';
}

export function summary(tally: FuzzTally): string {
  const statuses = [...tally.statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
  return `${tally.sent} requests; statuses ${statuses.join(' ')}; ${tally.emulator} refused by the emulator's router; ${tally.failures.length} failures`;
}

export interface FuzzTarget {
  readonly baseUrl: string;
  /** A token for the given tenant with every role, and one with only `viewer`. */
  readonly token: (tenant: string, roles: 'allRoles' | 'viewerOnly') => Promise<string>;
}

const FAKE_KEY = `agk_0123456789abcdef_${'A'.repeat(43)}`;

async function authorizationFor(request: HostileRequest, target: FuzzTarget, tenant: string): Promise<string | undefined> {
  switch (request.credential) {
    case 'allRoles':
    case 'viewerOnly':
      return `Bearer ${await target.token(tenant, request.credential)}`;
    case 'garbage':
      return 'Bearer eyJhbGciOiJub25lIn0.e30.';
    case 'fakeIntegrationKey':
      return `Bearer ${FAKE_KEY}`;
    case 'none':
      return undefined;
  }
}

/**
 * Sends `count` hostile requests drawn with `seed`, `parallel` at a time, spread over `tenants`
 * tenants so that one tenant's rate limit does not answer most of them with 429.
 */
export async function fuzz(
  target: FuzzTarget,
  document: OpenApiDocument,
  options: {
    readonly seed: number;
    readonly count: number;
    readonly parallel?: number;
    readonly tenants?: number;
    /** A further rule for each answer (the e2e test checks it against the route's declaration); throws to fail. */
    readonly check?: (request: HostileRequest, sent: Sent) => void;
  },
): Promise<FuzzTally> {
  const requests = fc.sample(anyHostileRequest(document), { seed: options.seed, numRuns: options.count });
  const tally: FuzzTally = { sent: 0, emulator: 0, statuses: new Map(), failures: [] };
  const tenants = options.tenants ?? 8;
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index] as HostileRequest;
      const authorization = await authorizationFor(request, target, `fuzz-${options.seed % 1000}-${index % tenants}`);
      const response = await fetch(`${target.baseUrl}${request.path}`, {
        method: request.method,
        headers: { ...request.headers, ...(authorization === undefined ? {} : { authorization }) },
        ...(request.body === undefined || request.method === 'GET' ? {} : { body: request.body }),
      });
      const sent = { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
      if (judge(request, sent, tally) === 'emulator') continue;
      try {
        options.check?.(request, sent);
      } catch (error: unknown) {
        tally.failures.push(`${request.method} ${request.path.slice(0, 160)}: ${(error as Error).message.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 4 }, worker));
  return tally;
}
