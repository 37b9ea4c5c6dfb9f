import { describe, expect, it } from 'vitest';
import { approvalMessage } from '../../../../shared/domain/slack/approval-message.ts';
import { actionHash, decodeButtonValue } from '../../../../shared/domain/slack/slack-interaction.ts';
import { storedApproval } from '../../../support/remediation-fixtures.ts';

const context = { consoleUrl: 'https://console.example.com/approvals/ap1', stepUpRisks: ['high', 'critical'] };
const actionsOf = (message: ReturnType<typeof approvalMessage>) =>
  message.blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []));

describe('the approval message', () => {
  it('binds Approve and Reject to the approval and its exact action while it is pending', () => {
    const approval = storedApproval();
    const buttons = actionsOf(approvalMessage(approval, context));
    expect(buttons.map((button) => button.action_id)).toEqual(['approve', 'reject', 'open']);
    expect(decodeButtonValue(buttons[0]?.value)).toEqual({ approvalId: 'ap1', hash: actionHash(approval.action) });
    expect(buttons[2]?.url).toBe(context.consoleUrl);
  });

  it("names the incident's title and severity", () => {
    const text = JSON.stringify(
      approvalMessage(storedApproval(), { ...context, incidentTitle: 'Checkout down', incidentSeverity: 'critical' }).blocks,
    );
    expect(text).toContain('Checkout down');
    expect(text).toContain('*Severity*\\ncritical');
  });

  it('offers only the console for a step-up risk', () => {
    const buttons = actionsOf(approvalMessage(storedApproval({ risk: 'critical' }), context));
    expect(buttons.map((button) => button.action_id)).toEqual(['open']);
  });

  it('has no buttons once closed, and says how it closed', () => {
    const approved = storedApproval({ status: 'approved', votes: [{ by: 'alice', vote: 'approve', at: '2026-11-22T10:00:00Z' }] });
    const message = approvalMessage(approved, context);
    expect(actionsOf(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('Approved by alice');
    expect(actionsOf(approvalMessage(storedApproval({ status: 'expired' }), context))).toEqual([]);
  });

  it('escapes what outside senders wrote, so it cannot ping a channel or disguise a link', () => {
    const message = approvalMessage(storedApproval(), { ...context, incidentTitle: '<!channel> <https://evil.example|click>' });
    const text = JSON.stringify(message.blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
  });
});
