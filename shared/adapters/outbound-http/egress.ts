/**
 * The egress policy: where a tenant-configured URL (a webhook, an Alertmanager, a notification
 * target, an LLM `baseUrl`) may send alertgate's requests.
 *
 * - https only; plain http only to loopback, and only when running locally;
 * - no credentials in the URL (they belong in secret references);
 * - no loopback, private, link-local (the metadata address), CGNAT, ULA, multicast, unspecified
 *   or otherwise special address, unless the operator allow-listed its range;
 * - checked twice: on the URL when the tenant saves it (a literal address, a scheme), and on the
 *   address the connection actually uses, resolved at connect time by the same lookup that
 *   connects, so a name that resolves differently the second time (DNS rebinding) gains nothing.
 *
 * The classification of addresses is ipaddr.js's; what is allowed is ours.
 */
import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import ipaddr from 'ipaddr.js';

/** The fetch signature every outbound request takes (egressFetch in production, fakes in tests). */
export type Fetch = typeof fetch;

export interface EgressRules {
  /** Running on the local emulators: plain http and loopback addresses are allowed. */
  readonly local: boolean;
  /** Ranges the operator allows although they are internal (CIDR, e.g. `10.20.0.0/16`). */
  readonly allowInternal: readonly string[];
}

/** A request the egress policy refused: recorded as "egress refused", never retried. */
export class EgressRefusedError extends Error {
  override name = 'EgressRefusedError';
  constructor(reason: string) {
    super(`egress refused: ${reason}`);
  }
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

const parsed = new WeakMap<EgressRules, [Address, number][]>();

/** The operator's ranges, parsed once per rules object (the check runs on every URL and connection). */
function parsedRanges(rules: EgressRules): [Address, number][] {
  const cached = parsed.get(rules);
  if (cached !== undefined) return cached;
  const ranges = rules.allowInternal.map((cidr): [Address, number] => {
    try {
      return ipaddr.parseCIDR(cidr);
    } catch {
      throw new Error(`EGRESS_ALLOW_INTERNAL: ${JSON.stringify(cidr)} is not a CIDR range`);
    }
  });
  parsed.set(rules, ranges);
  return ranges;
}

function allowListed(address: Address, ranges: readonly [Address, number][]): boolean {
  return ranges.some(([network, bits]) => address.kind() === network.kind() && address.match(network, bits));
}

/** Why a connection to this address is refused, or undefined when it may be made. */
export function addressRefusal(text: string, rules: EgressRules): string | undefined {
  if (!ipaddr.isValid(text)) return `${JSON.stringify(text.slice(0, 64))} is not an IP address`;
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const address = ipaddr.process(text);
  if (allowListed(address, parsedRanges(rules))) return undefined;
  const range = address.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && rules.local) return undefined;
  return `${address.toString()} is a ${range} address`;
}

function hostOf(url: URL): string {
  // URL keeps IPv6 literals in brackets.
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback';
}

/**
 * Why a request to this URL is refused, or undefined: what can be judged without resolving a
 * name. A name that resolves to a refused address is refused at connect time.
 */
export function urlRefusal(text: string, rules: EgressRules): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.username !== '' || url.password !== '') return 'credentials in a URL are refused; use a secret reference';
  const host = hostOf(url);
  if (url.protocol === 'http:') {
    if (!rules.local) return 'plain http is refused; use https';
    if (!isLoopbackHost(host)) return 'plain http is allowed only to loopback, locally';
  } else if (url.protocol !== 'https:') {
    return `the ${url.protocol.replace(':', '')} scheme is refused; use https`;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return rules.local ? undefined : 'localhost is refused';
  if (ipaddr.isValid(host)) return addressRefusal(host, rules);
  return undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** dns.lookup with `all: true`; replaceable in tests, which have no DNS to rebind. */
export type Resolve = (hostname: string, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemResolve: Resolve = (hostname, callback) => lookup(hostname, { all: true }, callback);

/** The lookup the connection uses, refusing it when any address the name resolves to is refused. */
function checkedLookup(rules: EgressRules, resolve: Resolve) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, (error, addresses) => {
      if (error !== null) return callback(error, []);
      for (const { address } of addresses) {
        const refusal = addressRefusal(address, rules);
        if (refusal !== undefined) return callback(new EgressRefusedError(`${hostname} resolves to ${refusal}`), []);
      }
      if (options.all === true) return callback(null, addresses);
      const [first] = addresses;
      if (first === undefined) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * The fetch every tenant-configured request goes through: the URL is judged first, then the
 * connection's address, by the lookup that makes it. Redirects are never followed.
 *
 * Written on node:http rather than on undici (whose Agent takes the same lookup): undici would
 * add about half a megabyte to every function that makes an outbound call, for one hook.
 */
export function egressFetch(rules: EgressRules, resolve: Resolve = systemResolve): Fetch {
  parsedRanges(rules);
  const connect = { lookup: checkedLookup(rules, resolve) };
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const guarded = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const refusal = urlRefusal(url.toString(), rules);
    if (refusal !== undefined) throw new EgressRefusedError(refusal);
    return new Promise<Response>((resolvePromise, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        url,
        {
          method: init.method ?? 'GET',
          headers: withLength(init.headers, init.body),
          agent: url.protocol === 'https:' ? agents.https : agents.http,
          ...connect,
          ...(init.signal === undefined || init.signal === null ? {} : { signal: init.signal }),
        },
        (response) => {
          try {
            resolvePromise(asResponse(response, init.method));
          } catch (error: unknown) {
            response.destroy();
            reject(error);
          }
        },
      );
      request.on('error', reject);
      if (typeof init.body === 'string' || init.body instanceof Uint8Array) request.write(init.body);
      request.end();
    });
  };
  return guarded as Fetch;
}

/** The request's headers, with a Content-Length for its body: node would send it chunked otherwise, which some receivers refuse. */
function withLength(headers: RequestInit['headers'], body: RequestInit['body']): Record<string, string> {
  const flat = Object.fromEntries(new Headers(headers).entries());
  if (typeof body === 'string') flat['content-length'] = String(Buffer.byteLength(body));
  else if (body instanceof Uint8Array) flat['content-length'] = String(body.byteLength);
  return flat;
}

/** A fetch Response over node's answer: status, headers and the body as a stream, read as needed. */
function asResponse(message: IncomingMessage, method: string | undefined): Response {
  const status = message.statusCode ?? 0;
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  const bodiless = method === 'HEAD' || status === 204 || status === 205 || status === 304;
  if (bodiless) message.resume();
  return new Response(bodiless ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>), { status, headers });
}

/** The refusal inside a failed fetch (undici wraps the lookup's error in TypeError('fetch failed')). */
export function egressRefusalIn(error: unknown): EgressRefusedError | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    if (current instanceof EgressRefusedError) return current;
  }
  return undefined;
}
