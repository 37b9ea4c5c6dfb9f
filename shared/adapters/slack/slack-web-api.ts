/**
 * Slack's Web API through @slack/web-api: chat.postMessage and chat.update with the tenant's bot
 * token, at the deployment's SLACK_API_URL (Slack's, or a stand-in in tests), every request
 * through the egress policy (the client takes our fetch).
 */
import { WebClient } from '@slack/web-api';
import type { ApprovalMessage } from '../../domain/slack/approval-message.ts';
import type { MessageRef, SlackWebApi } from '../../domain/slack/slack-messages.ts';
import type { Fetch } from '../outbound-http/egress.ts';

export function slackWebApi(options: { readonly apiUrl: string; readonly fetch: Fetch }): SlackWebApi {
  const clients = new Map<string, WebClient>();
  const client = (token: string) => {
    let found = clients.get(token);
    if (found === undefined) {
      // A few quick retries: the queue retries the job after that, in order.
      found = new WebClient(token, { slackApiUrl: options.apiUrl, fetch: options.fetch, retryConfig: { retries: 2 }, timeout: 5_000 });
      clients.set(token, found);
    }
    return found;
  };
  return {
    async post(token: string, channel: string, message: ApprovalMessage): Promise<MessageRef> {
      const answer = await client(token).chat.postMessage({ channel, text: message.text, blocks: [...message.blocks] as never[] });
      if (answer.ts === undefined) throw new Error('chat.postMessage answered without the message ts');
      return { channel: answer.channel ?? channel, ts: answer.ts };
    },
    async update(token: string, ref: MessageRef, message: ApprovalMessage): Promise<void> {
      await client(token).chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: [...message.blocks] as never[] });
    },
    async openView(token: string, triggerId: string, view: Readonly<Record<string, unknown>>): Promise<void> {
      await client(token).views.open({ trigger_id: triggerId, view: view as never });
    },
    async postEphemeral(token: string, channel: string, user: string, text: string): Promise<void> {
      await client(token).chat.postEphemeral({ channel, user, text });
    },
  };
}
