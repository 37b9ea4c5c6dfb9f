/**
 * A local HTTP server that records every request (raw body included) and answers from a script:
 * a status and body, a delay, or no answer at all (until it is closed).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply = { readonly status: number; readonly body?: string; readonly delayMs?: number } | { readonly hang: true };

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as received. */
  readonly raw: Buffer;
  readonly at: number;
}

export interface RecordingServer {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Queues replies, one per request, in order. */
  reply(...replies: Reply[]): void;
  /** The reply once the queue is empty (200 `{"ok":true}` unless set). */
  replyAlways(reply: Reply): void;
  close(): Promise<void>;
}

export function header(request: ReceivedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function jsonOf(request: ReceivedRequest): unknown {
  return JSON.parse(request.raw.toString('utf8'));
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: ReceivedRequest[] = [];
  const queue: Reply[] = [];
  let always: Reply = { status: 200, body: '{"ok":true}' };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks), at: Date.now() });
      const reply = queue.shift() ?? always;
      if ('hang' in reply) return;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(reply.body ?? '');
      };
      if (reply.delayMs === undefined) send();
      else setTimeout(send, reply.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => queue.push(...replies),
    replyAlways: (reply) => {
      always = reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
