import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addressRefusal,
  EgressRefusedError,
  type EgressRules,
  egressFetch,
  type Resolve,
  urlRefusal,
} from '../../../../shared/adapters/outbound-http/egress.ts';

const CLOUD: EgressRules = { local: false, allowInternal: [] };
const LOCAL: EgressRules = { local: true, allowInternal: [] };

describe('the egress policy on a URL', () => {
  it.each([
    ['http://hooks.example.com/x', 'plain http is refused'],
    ['ftp://hooks.example.com/x', 'the ftp scheme is refused'],
    ['https://user:pass@hooks.example.com/x', 'credentials in a URL'],
    ['https://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['https://127.0.0.1:9001/2018-06-01/runtime', 'loopback'],
    ['https://10.0.0.5:8080/internal', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['https://172.16.0.1/', 'private'],
    ['https://100.64.0.1/', 'carrierGradeNat'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://224.0.0.1/', 'multicast'],
    ['https://[::1]:8000/any', 'loopback'],
    ['https://[fd00::1]/', 'uniqueLocal'],
    ['https://[fe80::1]/', 'linkLocal'],
    ['https://[::ffff:10.0.0.1]/', 'private'],
    ['https://[::ffff:a9fe:a9fe]/', 'linkLocal'],
    ['https://0x7f000001/', 'loopback'],
    ['https://2130706433/', 'loopback'],
    ['https://localhost/', 'localhost is refused'],
    ['not a url', 'not a URL'],
  ])('refuses %s in the cloud', (url, reason) => {
    expect(urlRefusal(url, CLOUD)).toContain(reason);
  });

  it.each([
    'https://hooks.slack.com/services/T0/B0/x',
    'https://api.openai.com/v1',
    'https://93.184.216.34/',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/',
  ])('lets %s through', (url) => {
    expect(urlRefusal(url, CLOUD)).toBeUndefined();
  });

  it('allows plain http locally, to loopback only', () => {
    expect(urlRefusal('http://127.0.0.1:4000/hook', LOCAL)).toBeUndefined();
    expect(urlRefusal('http://localhost:4000/hook', LOCAL)).toBeUndefined();
    expect(urlRefusal('http://[::1]:4000/hook', LOCAL)).toBeUndefined();
    expect(urlRefusal('http://hooks.example.com/hook', LOCAL)).toContain('only to loopback');
    expect(urlRefusal('https://10.0.0.5/hook', LOCAL)).toContain('private');
  });

  it('lets the operator allow internal ranges, and only those', () => {
    const rules: EgressRules = { local: false, allowInternal: ['10.20.0.0/16'] };
    expect(urlRefusal('https://10.20.3.4/hook', rules)).toBeUndefined();
    expect(urlRefusal('https://10.21.3.4/hook', rules)).toContain('private');
    expect(addressRefusal('::ffff:10.20.0.9', rules)).toBeUndefined();
    expect(() => egressFetch({ local: false, allowInternal: ['10.20.0.0/99'] })).toThrow(/not a CIDR range/);
  });
});

describe('the egress policy at connect time', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_request, response) => response.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** A name server that answers what the attacker wants, differently on each question. */
  function rebinding(...answers: string[][]): Resolve & { asked: number } {
    const resolve = ((_hostname, callback) => {
      const addresses = answers[Math.min(resolve.asked, answers.length - 1)] ?? [];
      resolve.asked++;
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    }) as Resolve & { asked: number };
    resolve.asked = 0;
    return resolve;
  }

  it('refuses a name that resolves to an internal address, on the connection itself', async () => {
    const resolve = rebinding(['127.0.0.1']);
    const fetchFn = egressFetch(CLOUD, resolve);
    const failure = await fetchFn(`https://rebind.example:${port}/`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EgressRefusedError);
    expect((failure as Error).message).toBe('egress refused: rebind.example resolves to 127.0.0.1 is a loopback address');
    expect(resolve.asked).toBe(1);
  });

  it('refuses a name when any of its addresses is internal', async () => {
    const fetchFn = egressFetch(CLOUD, rebinding(['93.184.216.34', '10.0.0.7']));
    const failure = await fetchFn(`https://mixed.example:${port}/`).catch((error: unknown) => error);
    expect((failure as Error).message).toContain('10.0.0.7 is a private address');
  });

  it('connects to the address it checked: a local server is reached locally, by name and by address', async () => {
    const fetchFn = egressFetch(LOCAL);
    expect(await (await fetchFn(`http://127.0.0.1:${port}/`)).text()).toBe('reached');
    expect(await (await fetchFn(`http://localhost:${port}/`)).text()).toBe('reached');
  });

  it('sends a body with its length, not chunked, and hands back status and headers', async () => {
    const seen: { length?: string; chunked?: string; body: string }[] = [];
    const echo = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        seen.push({ length: request.headers['content-length'], chunked: request.headers['transfer-encoding'], body });
        response.writeHead(201, { 'x-echo': 'yes' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const answer = await egressFetch(LOCAL)(`http://127.0.0.1:${(echo.address() as AddressInfo).port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"é":1}',
    });
    expect({ status: answer.status, echo: answer.headers.get('x-echo'), body: await answer.json() }).toEqual({
      status: 201,
      echo: 'yes',
      body: { ok: true },
    });
    expect(seen).toEqual([{ length: '8', chunked: undefined, body: '{"é":1}' }]);
    await new Promise((resolve) => echo.close(resolve));
  });

  it('refuses before connecting when the URL itself is refused, and never follows a redirect', async () => {
    await expect(egressFetch(CLOUD)(`http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(EgressRefusedError);
    const redirecting = createServer((_request, response) => {
      response.writeHead(302, { location: `http://127.0.0.1:${port}/` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const answer = await egressFetch(LOCAL)(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/`);
    expect(answer.status).toBe(302);
    await new Promise((resolve) => redirecting.close(resolve));
  });
});
