/** Requests signed exactly as Slack signs them, for the tests of the Slack app. */
import { slackSignature } from '../../shared/domain/slack/slack-signature.ts';

/** The signing secret the e2e stack's functions read through `env:ALERTGATE_SLACK_SIGNING_SECRET`. */
export const SLACK_TEST_SIGNING_SECRET = 'e2e-slack-signing-secret-5b1f0c2d9a7e4f3b';

export interface ClickOptions {
  readonly teamId: string;
  readonly userId: string;
  readonly actionId?: string;
  readonly value: string;
  readonly messageTs?: string;
  readonly actionTs?: string;
  readonly responseUrl?: string;
}

/** A block_actions payload as Slack posts it: form-encoded, the JSON in `payload`. */
export function clickBody(click: ClickOptions): string {
  const payload = {
    type: 'block_actions',
    team: { id: click.teamId, domain: 'acme' },
    user: { id: click.userId, username: 'someone', team_id: click.teamId },
    api_app_id: 'A0APP0001',
    container: { type: 'message', message_ts: click.messageTs ?? '1733040000.000100', channel_id: 'C0APPROVALS' },
    channel: { id: 'C0APPROVALS', name: 'approvals' },
    response_url: click.responseUrl ?? 'https://hooks.slack.com/actions/T0/1/abc',
    trigger_id: '1.2.3',
    actions: [
      {
        action_id: click.actionId ?? 'approve',
        block_id: 'b',
        type: 'button',
        value: click.value,
        action_ts: click.actionTs ?? '1733040001.000200',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function signedHeaders(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, String(timestamp), body),
  };
}

/** The reject modal, submitted with `reason`, as Slack posts it. */
export function rejectSubmissionBody(options: {
  teamId: string;
  userId: string;
  viewId: string;
  privateMetadata: string;
  reason: string;
}): string {
  const payload = {
    type: 'view_submission',
    team: { id: options.teamId, domain: 'acme' },
    user: { id: options.userId, username: 'someone', team_id: options.teamId },
    api_app_id: 'A0APP0001',
    view: {
      id: options.viewId,
      type: 'modal',
      callback_id: 'reject',
      private_metadata: options.privateMetadata,
      state: { values: { reason: { reason: { type: 'plain_text_input', value: options.reason } } } },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
