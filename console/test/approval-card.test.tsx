/** The approval card offers the buttons only to who may decide, and says why to everyone else. */
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { Approval } from '../src/api.ts';
import type { Role, Session } from '../src/auth.ts';
import { AppContext, type AppServices } from '../src/context.ts';
import { ApprovalCard, whyNot } from '../src/pages/approval-card.tsx';

const NOW = Date.parse('2026-12-01T03:00:00Z');

function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    tenant: 'demo',
    id: 'ap-1',
    alertId: 'alert-1',
    revision: 1,
    execution: 'ex-1',
    action: { name: 'restart_workload', params: { namespace: 'shop', kind: 'deployment', name: 'cart' } },
    risk: 'medium',
    requiredApprovals: 1,
    votes: [],
    status: 'pending',
    deadline: '2026-12-01T04:00:00Z',
    createdAt: '2026-12-01T02:59:00Z',
    source: 'triage',
    requestedBy: 'alertmanager-prod',
    version: 1,
    ...overrides,
  };
}

const session = (subject: string, roles: Role[]): Session => ({
  subject,
  name: subject,
  tenant: 'demo',
  roles,
  accessToken: () => 'token',
});

function render(card: Approval, who: Session): string {
  const services = {
    session: who,
    api: {},
    live: { subscribe: () => () => {}, mode: () => 'polling', onModeChange: () => () => {}, renewed: () => {} },
  } as unknown as AppServices;
  return renderToString(
    <AppContext.Provider value={services}>
      <ApprovalCard approval={card} onChanged={() => {}} />
    </AppContext.Provider>,
  );
}

const buttons = (html: string) =>
  [...html.matchAll(/<button[^>]*>(Approve|Reject)<\/button>/g)].map((match) => ({
    label: match[1],
    disabled: match[0].includes('disabled'),
  }));

describe('who may decide an approval', () => {
  it('lets an approver who did not ask for it decide', () => {
    expect(whyNot(approval(), session('alice', ['approver']), NOW)).toBeUndefined();
    expect(buttons(render(approval({ deadline: '2099-01-01T00:00:00Z' }), session('alice', ['approver'])))).toEqual([
      { label: 'Approve', disabled: false },
      { label: 'Reject', disabled: false },
    ]);
  });

  it('gives a viewer disabled buttons and the reason', () => {
    const html = render(approval({ deadline: '2099-01-01T00:00:00Z' }), session('bob', ['viewer']));
    expect(buttons(html).every((button) => button.disabled)).toBe(true);
    expect(html).toContain('Your role (viewer) cannot decide approvals; approvers and admins can.');
  });

  it('tells the requester someone else must approve', () => {
    expect(whyNot(approval({ requestedBy: 'alice' }), session('alice', ['approver']), NOW)).toBe(
      'You requested this action, so someone else must approve it.',
    );
  });

  it('asks a second approver once the first has voted on a two-person approval', () => {
    const first = approval({ requiredApprovals: 2, votes: [{ by: 'alice', vote: 'approve', at: '2026-12-01T03:00:00Z' }] });
    expect(whyNot(first, session('alice', ['approver']), NOW)).toBe('You have voted; a second approver must decide.');
    expect(whyNot(first, session('frank', ['approver']), NOW)).toBeUndefined();
    expect(render(first, session('frank', ['approver']))).toContain('1 of 2 approvals');
  });

  it('never offers an expired, cancelled or overdue approval', () => {
    for (const status of ['expired', 'cancelled', 'approved', 'rejected'] as const) {
      const html = render(approval({ status, reason: 'no decision before the deadline' }), session('alice', ['approver']));
      expect(buttons(html)).toEqual([]);
      expect(whyNot(approval({ status }), session('alice', ['approver']), NOW)).toContain(`is ${status}`);
    }
    expect(whyNot(approval({ deadline: '2026-12-01T02:00:00Z' }), session('alice', ['approver']), NOW)).toContain('deadline has passed');
  });
});
