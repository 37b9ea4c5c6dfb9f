/**
 * A local server standing in for Slack's Web API (SLACK_API_URL) in the end-to-end tests:
 * chat.postMessage and chat.update answer as Slack does and are recorded; the tests read the
 * recording at GET /__calls (the stack and the tests run in different processes).
 */
import { createServer, type Server } from 'node:http';

export const SLACK_TEST_BOT_TOKEN = 'xoxb-e2e-bot-token-7c1d2e3f';

export interface SlackApiCall {
  readonly method: 'chat.postMessage' | 'chat.update' | 'chat.postEphemeral' | 'views.open';
  readonly token: string;
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: unknown[];
  /** chat.postEphemeral's user; views.open's trigger id and view. */
  readonly user?: string;
  readonly triggerId?: string;
  readonly view?: unknown;
}

export async function startFakeSlackApi(): Promise<{ readonly url: string; close(): Promise<void> }> {
  const calls: SlackApiCall[] = [];
  let messages = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.method === 'GET' && request.url === '/__calls') return answer(200, calls);
      const method = request.url?.replace(/^\/api\//, '') ?? '';
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (token !== SLACK_TEST_BOT_TOKEN) return answer(200, { ok: false, error: 'invalid_auth' });
      const channel = form.get('channel') ?? '';
      const blocks = JSON.parse(form.get('blocks') ?? '[]') as unknown[];
      const text = form.get('text') ?? '';
      if (method === 'chat.postMessage') {
        messages += 1;
        const ts = `1733040000.${String(messages).padStart(6, '0')}`;
        calls.push({ method, token, channel, ts, text, blocks });
        return answer(200, { ok: true, channel, ts, message: { text } });
      }
      if (method === 'chat.update') {
        const ts = form.get('ts') ?? '';
        calls.push({ method, token, channel, ts, text, blocks });
        return answer(200, { ok: true, channel, ts, text });
      }
      if (method === 'chat.postEphemeral') {
        calls.push({ method, token, channel, ts: '', text, blocks, user: form.get('user') ?? '' });
        return answer(200, { ok: true, message_ts: '1733040000.999999' });
      }
      if (method === 'views.open') {
        const view = JSON.parse(form.get('view') ?? '{}') as unknown;
        calls.push({ method, token, channel: '', ts: '', text: '', blocks: [], triggerId: form.get('trigger_id') ?? '', view });
        return answer(200, { ok: true, view: { id: `V${calls.length}` } });
      }
      return answer(200, { ok: false, error: 'unknown_method' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
