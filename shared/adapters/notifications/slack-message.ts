/**
 * The Slack incoming-webhook message for a notification, in Block Kit: a header, a section with
 * the alert and fields (action, risk, mode, deadline, decision, outcome), a context line, and a
 * button linking to the approval. Alert text comes from outside senders, so it is escaped for
 * mrkdwn (no `<!channel>` pings, no disguised links) and cut to Slack's limits.
 */
import type { NotificationEvent } from '../../domain/notifications/notification-event.ts';
import { cut, escapeMrkdwn } from '../../domain/slack/mrkdwn.ts';

export interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}
export interface Mrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
}
export type SlackBlock =
  | { readonly type: 'header'; readonly text: PlainText }
  | { readonly type: 'section'; readonly text?: Mrkdwn; readonly fields?: readonly Mrkdwn[] }
  | { readonly type: 'context'; readonly elements: readonly Mrkdwn[] }
  | {
      readonly type: 'actions';
      readonly elements: readonly {
        readonly type: 'button';
        readonly text: PlainText;
        readonly url: string;
        readonly action_id: string;
        readonly style?: 'primary' | 'danger';
      }[];
    };

export interface SlackMessage {
  /** The fallback shown in notifications and by clients without Block Kit. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Slack's limits: header text 150, section text 3000, field 2000, button text 75, URL 3000. */
const LIMITS = { header: 150, section: 3000, field: 2000, button: 75, url: 3000 } as const;

function field(label: string, value: string): Mrkdwn {
  return { type: 'mrkdwn', text: cut(`*${label}*\n${escapeMrkdwn(value)}`, LIMITS.field) };
}

const INCIDENT_HEADLINES: Readonly<Record<string, string>> = {
  'incident-opened': 'Incident opened',
  'incident-reopened': 'Incident reopened',
  'incident-acknowledged': 'Incident acknowledged',
  'incident-resolved': 'Incident resolved',
  'incident-merged': 'Incident merged',
  'incident-escalated': 'Incident escalated',
};

export function headline(event: NotificationEvent): string {
  const action = event.action?.name ?? 'action';
  switch (event.type) {
    case 'requested':
      return `Approval requested: ${action}`;
    case 'decided':
      return `Approval ${event.decision?.status ?? 'decided'}: ${action}`;
    case 'expired':
      return `Approval expired: ${action}`;
    case 'executed':
      return `Action ${event.outcome?.status ?? 'executed'}: ${action}`;
    case 'test':
      return `Test message from alertgate: ${event.alert.summary ?? 'this target works'}`;
    default:
      return `${INCIDENT_HEADLINES[event.type] ?? 'Incident'}: ${event.incident?.title ?? event.alert.name}`;
  }
}

function fieldsOf(event: NotificationEvent): Mrkdwn[] {
  const fields: Mrkdwn[] = [];
  const { incident } = event;
  if (incident !== undefined) {
    fields.push(field('Status', incident.status), field('Severity', incident.severity), field('Alerts', String(incident.alerts)));
    if (incident.mergedInto !== undefined) fields.push(field('Merged into', incident.mergedInto));
    if (event.reason !== undefined) fields.push(field('Why', event.reason));
  }
  if (event.action !== undefined) {
    const params = Object.keys(event.action.params).length === 0 ? '' : ` ${JSON.stringify(event.action.params)}`;
    fields.push(field('Action', `${event.action.name}${params}`));
  }
  if (event.risk !== undefined) fields.push(field('Risk', event.risk));
  if (event.mode !== undefined) fields.push(field('Mode', event.mode));
  if (incident === undefined) fields.push(field('Severity', event.alert.severity ?? 'unknown'));
  if (event.deadline !== undefined && event.type === 'requested') fields.push(field('Deadline', event.deadline));
  if (event.decision !== undefined) {
    const by = event.decision.by === undefined || event.decision.by.length === 0 ? '' : ` by ${event.decision.by.join(', ')}`;
    fields.push(field('Decision', `${event.decision.status}${by}`));
    if (event.decision.reason !== undefined) fields.push(field('Reason', event.decision.reason));
  }
  if (event.outcome !== undefined) {
    fields.push(field('Outcome', `${event.outcome.status} (${event.outcome.executor}): ${event.outcome.detail}`));
    if (event.outcome.error !== undefined) fields.push(field('Error', event.outcome.error));
  }
  return fields;
}

function buttonText(event: NotificationEvent): string {
  if (event.type === 'requested') return 'Review approval';
  return event.approvalId === undefined && event.incident !== undefined ? 'Open incident' : 'Open approval';
}

export function slackMessage(event: NotificationEvent): SlackMessage {
  const title = headline(event);
  const alertLine = `*${escapeMrkdwn(event.alert.name)}*${event.alert.summary === undefined ? '' : `\n${escapeMrkdwn(event.alert.summary)}`}`;
  const fields = fieldsOf(event);

  const context = [
    `tenant ${event.tenant}`,
    event.incident === undefined ? undefined : `incident ${event.incident.id}`,
    event.approvalId === undefined ? undefined : `approval ${event.approvalId}`,
    `alert ${event.alert.id}`,
  ]
    .filter((part) => part !== undefined)
    .map(escapeMrkdwn)
    .join(' · ');

  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(title, LIMITS.header), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(alertLine, LIMITS.section) }, fields: fields.slice(0, 10) },
    { type: 'context', elements: [{ type: 'mrkdwn', text: cut(context, LIMITS.section) }] },
  ];
  if (event.link !== undefined && event.link.length <= LIMITS.url) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: buttonText(event), emoji: true },
          url: event.link,
          action_id: event.approvalId === undefined && event.incident !== undefined ? 'open_incident' : 'open_approval',
          ...(event.type === 'requested' ? { style: 'primary' as const } : {}),
        },
      ],
    });
  }
  return { text: cut(`${title} — ${escapeMrkdwn(event.alert.name)}`, LIMITS.section), blocks };
}
