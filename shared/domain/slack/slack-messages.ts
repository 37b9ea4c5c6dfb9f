/**
 * The Slack app's approval messages: posted once per approval into the tenant's channel, then
 * updated in place on every change (a vote, the decision, expiry, cancellation). Each change is a
 * sync job, in order per approval, so two changes never race to post two messages.
 */
import * as z from 'zod';
import type { ApprovalMessage } from './approval-message.ts';

/** Where an approval's message is, once posted. */
export interface MessageRef {
  readonly channel: string;
  readonly ts: string;
}

/** Slack's Web API, with the tenant's bot token. */
export interface SlackWebApi {
  post(botToken: string, channel: string, message: ApprovalMessage): Promise<MessageRef>;
  update(botToken: string, ref: MessageRef, message: ApprovalMessage): Promise<void>;
  /** Opens a modal for the click whose trigger id it is (valid three seconds). */
  openView(botToken: string, triggerId: string, view: Readonly<Record<string, unknown>>): Promise<void>;
  postEphemeral(botToken: string, channel: string, user: string, text: string): Promise<void>;
}

export interface SlackMessageRefs {
  get(tenant: string, approvalId: string): Promise<MessageRef | undefined>;
  save(tenant: string, approvalId: string, ref: MessageRef): Promise<void>;
}

/** An approval whose message is to be brought up to date. */
export interface MessageSync {
  readonly tenant: string;
  readonly approvalId: string;
  /** The audit event that changed it: the job's deduplication key. */
  readonly eventId: string;
}

export interface MessageSyncQueue {
  send(jobs: readonly MessageSync[]): Promise<void>;
}

export const slackMessageSyncSchema = z.object({ tenant: z.string().min(1), approvalId: z.string().min(1), eventId: z.string().min(1) });
