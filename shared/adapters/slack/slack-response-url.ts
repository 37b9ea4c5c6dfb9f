/**
 * Ephemeral replies through a click's `response_url` (or the fallback given, for a modal's
 * submission, which has none): only the clicker sees them, and the
 * approval message itself is left as it is. Sent through the egress policy like every other
 * outbound call; a failure is thrown, so the click is retried from the queue.
 */
import type { SlackReply } from '../../domain/slack/slack-click.ts';
import type { Fetch } from '../outbound-http/egress.ts';

const TIMEOUT_MS = 5_000;

export function responseUrlReply(fetch: Fetch, otherwise: SlackReply, allowedPrefix: string): SlackReply {
  return async (click, text) => {
    const { responseUrl } = click;
    // A modal's submission has no response_url: the other way (chat.postEphemeral) then.
    if (responseUrl === undefined) return otherwise(click, text);
    // Only Slack's own hooks: a tenant's Slack app cannot make alertgate post anywhere else.
    if (!responseUrl.startsWith(allowedPrefix)) throw new Error(`a response_url outside ${allowedPrefix} is refused`);
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`Slack's response_url answered ${response.status}`);
  };
}
