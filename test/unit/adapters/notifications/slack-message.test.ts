import { describe, expect, it } from 'vitest';
import { type SlackBlock, slackMessage } from '../../../../shared/adapters/notifications/slack-message.ts';
import { incidentNotification } from '../../../../shared/app/incidents/incident-notifications.ts';
import { approvalLink } from '../../../../shared/domain/notifications/notification-event.ts';
import { notificationEvent } from '../../../support/remediation-fixtures.ts';

function block<T extends SlackBlock['type']>(blocks: readonly SlackBlock[], type: T): Extract<SlackBlock, { type: T }> {
  const found = blocks.find((candidate): candidate is Extract<SlackBlock, { type: T }> => candidate.type === type);
  if (found === undefined) throw new Error(`no ${type} block`);
  return found;
}

describe('the Slack message for an approval request', () => {
  const message = slackMessage(notificationEvent());

  it('is a header, a section with fields, a context line and a button, in that order', () => {
    expect(message.blocks.map((candidate) => candidate.type)).toEqual(['header', 'section', 'context', 'actions']);
  });

  it('heads with what is asked, in plain text', () => {
    expect(block(message.blocks, 'header').text).toEqual({ type: 'plain_text', text: 'Approval requested: restart_workload', emoji: true });
  });

  it('shows the alert and the action, risk, mode, severity and deadline as fields', () => {
    const section = block(message.blocks, 'section');

    expect(section.text?.text).toBe('*KubePodCrashLooping*\nPod payments/api-7d9 is crash looping');
    expect(section.fields?.map((field) => field.text)).toEqual([
      '*Action*\nrestart_workload {"namespace":"payments","kind":"deployment","name":"api"}',
      '*Risk*\nmedium',
      '*Mode*\napproval',
      '*Severity*\ncritical',
      '*Deadline*\n2025-01-10T10:05:05.000Z',
    ]);
    expect(section.fields).not.toHaveLength(0);
    expect((section.fields ?? []).filter((field) => field.type !== 'mrkdwn')).toEqual([]);
  });

  it('names the tenant, approval and alert in the context line', () => {
    expect(block(message.blocks, 'context').elements).toEqual([
      { type: 'mrkdwn', text: 'tenant acme · approval ap_01JXYZ · alert al_01JABCDEF' },
    ]);
  });

  it("links a primary button to the approval's URL", () => {
    expect(block(message.blocks, 'actions').elements).toEqual([
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Review approval', emoji: true },
        url: 'https://alertgate.example.com/approvals/ap_01JXYZ',
        action_id: 'open_approval',
        style: 'primary',
      },
    ]);
  });

  it('carries a fallback text for notifications', () => {
    expect(message.text).toBe('Approval requested: restart_workload — KubePodCrashLooping');
  });
});

describe('the Slack message for other events', () => {
  it('shows who decided and why for a rejection', () => {
    const message = slackMessage(
      notificationEvent({ type: 'decided', decision: { status: 'rejected', by: ['user:bob'], reason: 'freeze until Monday' } }),
    );
    const fields = block(message.blocks, 'section').fields?.map((field) => field.text);

    expect(block(message.blocks, 'header').text.text).toBe('Approval rejected: restart_workload');
    expect(fields).toContain('*Decision*\nrejected by user:bob');
    expect(fields).toContain('*Reason*\nfreeze until Monday');
    expect(fields?.some((field) => field.startsWith('*Deadline*'))).toBe(false);
    expect(block(message.blocks, 'actions').elements[0]?.style).toBeUndefined();
  });

  it('shows the outcome of an execution, with its error', () => {
    const message = slackMessage(
      notificationEvent({
        type: 'executed',
        outcome: { status: 'failed', executor: 'webhook', detail: 'webhook restart-api failed', error: 'answered 400' },
      }),
    );
    const fields = block(message.blocks, 'section').fields?.map((field) => field.text);

    expect(block(message.blocks, 'header').text.text).toBe('Action failed: restart_workload');
    expect(fields).toContain('*Outcome*\nfailed (webhook): webhook restart-api failed');
    expect(fields).toContain('*Error*\nanswered 400');
  });

  it('has no button when there is no approval to link to (an auto action)', () => {
    const message = slackMessage(notificationEvent({ type: 'executed', approvalId: undefined, link: undefined }));

    expect(message.blocks.map((candidate) => candidate.type)).toEqual(['header', 'section', 'context']);
  });
});

describe('alert text from outside senders', () => {
  it('cannot ping channels or disguise links', () => {
    const message = slackMessage(
      notificationEvent({ alert: { id: 'a', name: '<!channel> disk & <https://evil.example|full>', summary: '<@U123> look' } }),
    );
    const text = block(message.blocks, 'section').text?.text;

    expect(text).toBe('*&lt;!channel&gt; disk &amp; &lt;https://evil.example|full&gt;*\n&lt;@U123&gt; look');
    expect(message.text).not.toContain('<!channel>');
  });

  it("is cut to Slack's limits", () => {
    const message = slackMessage(
      notificationEvent({
        type: 'decided',
        alert: { id: 'a', name: 'x'.repeat(200), summary: 'y'.repeat(5000) },
        decision: { status: 'rejected', reason: 'z'.repeat(5000) },
      }),
    );
    const section = block(message.blocks, 'section');

    expect(section.text?.text.length).toBe(3000);
    expect(section.text?.text.endsWith('…')).toBe(true);
    expect(section.fields?.find((field) => field.text.startsWith('*Reason*'))?.text.length).toBe(2000);
  });
});

describe('the approval link', () => {
  it('joins the public base URL and the approval id, encoded', () => {
    expect(approvalLink('https://alertgate.example.com/', 'ap_1')).toBe('https://alertgate.example.com/approvals/ap_1');
    expect(approvalLink('https://alertgate.example.com/prod', 'a/b')).toBe('https://alertgate.example.com/prod/approvals/a%2Fb');
  });
});

describe('the Slack message for an incident', () => {
  const message = slackMessage(
    incidentNotification(
      'incident-escalated',
      'acme',
      {
        id: 'in-0123456789abcdef0123-1',
        title: 'KubePodCrashLooping · payments/checkout-api',
        status: 'open',
        severity: 'critical',
        alerts: 20,
      },
      {
        alert: { id: 'al_1', name: 'KubePodCrashLooping', severity: 'critical', status: 'firing' },
        reason: 'breaker open: 3 executions on this target in the last hour (at most 3); escalated to people',
        publicBaseUrl: 'https://alertgate.example.com',
        at: '2026-12-01T03:12:00.000Z',
      },
    ),
  );

  it('heads with the incident, shows its state and why, and links to the incident', () => {
    expect(block(message.blocks, 'header').text.text).toBe('Incident escalated: KubePodCrashLooping · payments/checkout-api');
    expect(block(message.blocks, 'section').fields?.map((field) => field.text)).toEqual([
      '*Status*\nopen',
      '*Severity*\ncritical',
      '*Alerts*\n20',
      '*Why*\nbreaker open: 3 executions on this target in the last hour (at most 3); escalated to people',
    ]);
    expect(block(message.blocks, 'context').elements[0]?.text).toBe('tenant acme · incident in-0123456789abcdef0123-1 · alert al_1');
    expect(block(message.blocks, 'actions').elements[0]).toMatchObject({
      text: { text: 'Open incident' },
      url: 'https://alertgate.example.com/incidents/in-0123456789abcdef0123-1',
      action_id: 'open_incident',
    });
  });
});
