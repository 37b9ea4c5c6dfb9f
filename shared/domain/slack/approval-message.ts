/**
 * The Slack app's message for one approval, rebuilt from the approval as stored whenever it
 * changes: the action and its exact parameters, risk, deadline, votes so far and needed, and
 * while it is pending the buttons `Approve` (bound to the action by its hash), `Reject` and
 * `Open in console`. A step-up risk gets no `Approve`: it is decided signed in. Once closed, the
 * message says how and the buttons are gone. Text from outside senders is escaped for mrkdwn.
 */
import type { Approval } from '../approvals/approval.ts';
import { cut, escapeMrkdwn } from './mrkdwn.ts';
import { actionHash, encodeButtonValue } from './slack-interaction.ts';

interface Text {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
}

interface Button {
  readonly type: 'button';
  readonly text: Text;
  readonly action_id: string;
  readonly value?: string;
  readonly url?: string;
  readonly style?: 'primary' | 'danger';
}

export type ApprovalBlock =
  | { readonly type: 'header'; readonly text: Text }
  | { readonly type: 'section'; readonly text?: Text; readonly fields?: readonly Text[] }
  | { readonly type: 'context'; readonly elements: readonly Text[] }
  | { readonly type: 'actions'; readonly block_id: string; readonly elements: readonly Button[] };

export interface ApprovalMessage {
  readonly text: string;
  readonly blocks: readonly ApprovalBlock[];
}

export interface MessageContext {
  /** The approval's page in the console. */
  readonly consoleUrl: string;
  readonly stepUpRisks: readonly string[];
  /** The incident's title and severity, when the approval belongs to one. */
  readonly incidentTitle?: string;
  readonly incidentSeverity?: string;
}

const md = (text: string): Text => ({ type: 'mrkdwn', text: cut(text, 2000) });
const plain = (text: string): Text => ({ type: 'plain_text', text: cut(text, 75) });

function closing(approval: Approval): string {
  const by = [...new Set(approval.votes.filter((vote) => vote.vote === approval.votes.at(-1)?.vote).map((vote) => vote.by))];
  switch (approval.status) {
    case 'approved':
      return `✅ Approved by ${by.join(' and ')}`;
    case 'rejected':
      return `⛔ Rejected by ${by.join(', ')}${approval.votes.at(-1)?.note === undefined ? '' : `: ${approval.votes.at(-1)?.note}`}`;
    case 'expired':
      return '⌛ Expired: nobody decided before the deadline';
    case 'cancelled':
      return `Cancelled${approval.reason === undefined ? '' : `: ${approval.reason}`}`;
    default:
      return '';
  }
}

/** Parameters longer than this are not shown in Slack, and not approved from it either. */
const MAX_SHOWN_PARAMS = 1_500;

/** One line, no code spans: a sender's text cannot fake the action line beneath it. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/`/g, "'");
}

export function approvalMessage(approval: Approval, context: MessageContext): ApprovalMessage {
  const approvals = new Set(approval.votes.filter((vote) => vote.vote === 'approve').map((vote) => vote.by)).size;
  const title = oneLine(context.incidentTitle ?? `Approval ${approval.id}`);
  const allParams = Object.entries(approval.action.params)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
  // What is approved must be what is shown: too long to show whole, it is decided in the console.
  const tooLong = allParams.length > MAX_SHOWN_PARAMS;
  const params = tooLong ? '(parameters too long to show here: see them in the console)' : oneLine(allParams);
  const blocks: ApprovalBlock[] = [
    { type: 'header', text: plain(`Approval: ${approval.action.name}`) },
    {
      type: 'section',
      text: md(
        `*${escapeMrkdwn(cut(title, 300))}*\n\`${escapeMrkdwn(approval.action.name)}\` ${escapeMrkdwn(params) || '(no parameters)'}`,
      ),
    },
    {
      type: 'section',
      fields: [
        md(`*Risk*\n${approval.risk}`),
        ...(context.incidentSeverity === undefined ? [] : [md(`*Severity*\n${context.incidentSeverity}`)]),
        md(`*Approvals*\n${approvals} of ${approval.requiredApprovals}`),
        md(`*Deadline*\n<!date^${Math.floor(Date.parse(approval.deadline) / 1000)}^{date_short_pretty} {time}|${approval.deadline}>`),
        md(`*Status*\n${approval.status}`),
      ],
    },
  ];
  if (approval.status === 'pending') {
    const value = encodeButtonValue({ approvalId: approval.id, hash: actionHash(approval.action) });
    const stepUp = context.stepUpRisks.includes(approval.risk) || tooLong;
    const open: Button = {
      type: 'button',
      text: plain('Open in console'),
      action_id: 'open',
      url: context.consoleUrl,
      ...(stepUp ? { style: 'primary' as const } : {}),
    };
    blocks.push({
      type: 'actions',
      block_id: `approval:${approval.id}`,
      elements: stepUp
        ? [open]
        : [
            { type: 'button', text: plain('Approve'), action_id: 'approve', value, style: 'primary' },
            { type: 'button', text: plain('Reject'), action_id: 'reject', value, style: 'danger' },
            open,
          ],
    });
    if (stepUp) {
      const why = tooLong
        ? 'This action is decided in the console, where its parameters are shown whole.'
        : `A ${approval.risk}-risk action is decided in the console, signed in.`;
      blocks.push({ type: 'context', elements: [md(why)] });
    }
  } else {
    blocks.push(
      { type: 'context', elements: [md(escapeMrkdwn(closing(approval)))] },
      { type: 'section', text: md(`<${context.consoleUrl}|Open in console>`) },
    );
  }
  return { text: `Approval ${approval.status}: ${approval.action.name} (${approval.risk} risk)`, blocks };
}
