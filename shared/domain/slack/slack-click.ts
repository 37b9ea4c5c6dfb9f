/**
 * A verified click on an approval message, as the interactivity endpoint hands it to the queue:
 * Slack wants its answer within 3 seconds, so the vote and the message update happen after it.
 * The tenant is the one that holds the workspace; nothing here came unverified.
 */
import * as z from 'zod';
import { SLACK_ACTIONS } from './slack-interaction.ts';

export const slackClickSchema = z.object({
  tenant: z.string().min(1).max(64),
  teamId: z.string(),
  userId: z.string(),
  action: z.enum(SLACK_ACTIONS),
  approvalId: z.string(),
  hash: z.string(),
  channelId: z.string(),
  messageTs: z.string(),
  /** The button's action_ts (absent for a modal's submission). */
  actionTs: z.string().optional(),
  /** The reject modal's reason. */
  reason: z.string().max(1000).optional(),
  /** Absent for a modal's submission: replies then go by chat.postEphemeral. */
  responseUrl: z.url().optional(),
  /** Once per click, however often Slack delivers it (clickKey). */
  clickKey: z.string(),
  correlationId: z.string(),
  receivedAt: z.string(),
});

export type SlackClick = z.output<typeof slackClickSchema>;

/** The port to the queue of clicks to carry out. */
export interface SlackClickQueue {
  send(click: SlackClick): Promise<void>;
}

/** Clicks taken, by clickKey: Slack redelivers, and deliveries of one click can arrive together. */
export interface SlackClicksDone {
  /** Takes the click: true for the first taker only (a conditional write). */
  claim(clickKey: string): Promise<boolean>;
  /** Gives it back, when carrying it out failed and the queue will deliver it again. */
  release(clickKey: string): Promise<void>;
}

/** An ephemeral reply to the one who clicked: through the payload's `response_url`, or with chat.postEphemeral. */
export type SlackReply = (click: Pick<SlackClick, 'tenant' | 'responseUrl' | 'channelId' | 'userId'>, text: string) => Promise<void>;
