/** A local webhook target that records the JSON bodies posted to it: what people would have been told. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingWebhook {
  readonly url: string;
  readonly received: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startRecordingWebhook(path = '/hooks/alertgate'): Promise<RecordingWebhook> {
  const received: Record<string, unknown>[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
