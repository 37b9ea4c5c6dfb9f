/**
 * What Slack sends when someone clicks a button of an approval message (`block_actions`), as far
 * as alertgate reads it, and what each button carries: the approval and a hash of the exact
 * action and parameters it was shown with, so a click on a message about an action that has
 * since changed is refused rather than applied to something else.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from '../audit/canonical-json.ts';

export const SLACK_ACTIONS = ['approve', 'reject'] as const;
export type SlackAction = (typeof SLACK_ACTIONS)[number];

const slackId = z.string().regex(/^[A-Z0-9]{2,30}$/);

export const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  team: z.object({ id: slackId }),
  /** `team_id`: the user's own workspace; a guest of another one (Slack Connect) differs from `team.id`. */
  user: z.object({ id: slackId, username: z.string().max(200).optional(), team_id: slackId.optional() }),
  container: z.object({ message_ts: z.string().max(40), channel_id: slackId }),
  response_url: z.url(),
  trigger_id: z.string().max(200).optional(),
  actions: z
    .array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional(), action_ts: z.string().max(40) }))
    .min(1)
    .max(1),
});

export type BlockActions = z.output<typeof blockActionsSchema>;

/** The reject modal, submitted: its reason, and what the button was bound to (in private_metadata). */
export const REJECT_CALLBACK = 'reject';
export const REASON_BLOCK = 'reason';

export const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  team: z.object({ id: slackId }),
  user: z.object({ id: slackId, team_id: slackId.optional() }),
  view: z.object({
    id: z.string().max(40),
    callback_id: z.string().max(255),
    private_metadata: z.string().max(3000),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().max(3000).nullish() }))) }),
  }),
});

export type ViewSubmission = z.output<typeof viewSubmissionSchema>;

export const interactionSchema = z.discriminatedUnion('type', [blockActionsSchema, viewSubmissionSchema]);

/** What the reject modal carries from the click that opened it to its submission. */
export interface RejectContext {
  readonly approvalId: string;
  readonly hash: string;
  readonly channelId: string;
  readonly messageTs: string;
}

const rejectContextSchema = z.object({ approvalId: z.string(), hash: z.string(), channelId: z.string(), messageTs: z.string() });

export function decodeRejectContext(text: string): RejectContext | undefined {
  try {
    const parsed = rejectContextSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The modal a Reject click opens: a required reason, as the API requires one. */
export function rejectModal(context: RejectContext) {
  return {
    type: 'modal' as const,
    callback_id: REJECT_CALLBACK,
    private_metadata: JSON.stringify(context),
    title: { type: 'plain_text' as const, text: 'Reject the action' },
    submit: { type: 'plain_text' as const, text: 'Reject' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input' as const,
        block_id: REASON_BLOCK,
        label: { type: 'plain_text' as const, text: 'Why? (recorded in the audit log)' },
        element: { type: 'plain_text_input' as const, action_id: REASON_BLOCK, multiline: true, min_length: 3, max_length: 1000 },
      },
    ],
  };
}

export function reasonOf(submission: ViewSubmission): string | undefined {
  const value = submission.view.state.values[REASON_BLOCK]?.[REASON_BLOCK]?.value?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** What a button's `value` holds. */
export interface ButtonValue {
  readonly approvalId: string;
  /** actionHash of the action and parameters the message showed. */
  readonly hash: string;
}

const buttonValueSchema = z.object({ a: z.string().min(1).max(200), h: z.string().regex(/^[0-9a-f]{16}$/) });

export function encodeButtonValue(value: ButtonValue): string {
  return JSON.stringify({ a: value.approvalId, h: value.hash });
}

export function decodeButtonValue(text: string | undefined): ButtonValue | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = buttonValueSchema.safeParse(JSON.parse(text));
    return parsed.success ? { approvalId: parsed.data.a, hash: parsed.data.h } : undefined;
  } catch {
    return undefined;
  }
}

/** Binds a button to the exact action: the first 64 bits of SHA-256 over its canonical JSON. */
export function actionHash(action: { readonly name: string; readonly params: Readonly<Record<string, unknown>> }): string {
  return createHash('sha256')
    .update(canonicalJson({ name: action.name, params: action.params }))
    .digest('hex')
    .slice(0, 16);
}

/** Which of our buttons was clicked: `approve` or `reject` (Open in console is a link, never posted). */
export function slackActionOf(actionId: string): SlackAction | undefined {
  return (SLACK_ACTIONS as readonly string[]).includes(actionId) ? (actionId as SlackAction) : undefined;
}

/** One click, whichever way Slack delivers it again: its team, the message and the action's own timestamp. */
export function clickKey(payload: BlockActions): string {
  const [action] = payload.actions;
  return `${payload.team.id}:${payload.container.channel_id}:${payload.container.message_ts}:${action?.action_ts ?? ''}`;
}
