/** Slack mrkdwn from text outside senders wrote: no `<!channel>` pings, no disguised links. */

/** Escapes the three characters Slack mrkdwn gives meaning to. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** At most `limit` characters, an ellipsis marking the cut. */
export function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
