/**
 * A tenant's Slack app, in its configuration: the workspace (team) it answers for, references to
 * its signing secret and bot token (never the values), the channels approval messages go to,
 * and the risks that need the console rather than a button.
 */
import * as z from 'zod';
import { RISKS } from '../actions/risk.ts';

const secretRef = z.string().min(1).max(512);
const channel = z.string().regex(/^[CGD][A-Z0-9]{2,20}$/, 'must be a Slack channel id, e.g. C0123ABCD');

export const slackConfigSchema = z.object({
  /** The Slack workspace's id (`team.id` in every request Slack sends). One tenant per workspace. */
  teamId: z.string().regex(/^T[A-Z0-9]{2,20}$/, 'must be a Slack team id, e.g. T0123ABCD'),
  signingSecretRef: secretRef,
  botTokenRef: secretRef,
  channels: z.object({
    default: channel,
    /** By the incident's team, where it has its own channel. */
    byTeam: z.record(z.string().min(1).max(100), channel).default({}),
  }),
  /** These risks show `Open in console` instead of `Approve`: the decision is made signed in. */
  stepUpRisks: z.array(z.enum(RISKS)).default(['high', 'critical']),
});

export type SlackConfig = z.output<typeof slackConfigSchema>;
