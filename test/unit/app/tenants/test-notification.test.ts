/** A test send goes to the named target only, whatever it subscribes to, and is audited. */
import { describe, expect, it, vi } from 'vitest';
import { sendTestNotification } from '../../../../shared/app/tenants/test-notification.ts';
import type { AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import { NotFoundError } from '../../../../shared/domain/errors.ts';
import type { NotificationEvent, NotificationTarget } from '../../../../shared/domain/notifications/notification-event.ts';
import type { Principal } from '../../../../shared/domain/roles.ts';
import { DEFAULT_TENANT_CONFIG, type TenantConfig } from '../../../../shared/domain/tenants/tenant-config.ts';

const dave: Principal = { subject: 'dave', tenant: 'acme', roles: ['admin'], via: 'jwt' };
const target: TenantConfig['notifications']['targets'][number] = {
  id: 'on-call',
  type: 'webhook',
  url: 'https://hooks.example.com/x',
  events: ['requested'],
};
const config: TenantConfig = { ...DEFAULT_TENANT_CONFIG, notifications: { ...DEFAULT_TENANT_CONFIG.notifications, targets: [target] } };

function deps() {
  const sent: { targets: readonly NotificationTarget[]; event: NotificationEvent }[] = [];
  const audited: AuditEvent[] = [];
  return {
    sent,
    audited,
    deps: {
      configOf: async () => config,
      send: vi.fn(async (targets: readonly NotificationTarget[], event: NotificationEvent) => {
        sent.push({ targets, event });
        return [
          { targetId: 'on-call', type: 'webhook' as const, ok: false, attempts: 3, status: 503, error: 'answered 503, after 3 attempts' },
        ];
      }),
      audit: { send: async (events: readonly AuditEvent[]) => void audited.push(...events) },
      now: () => new Date('2026-12-01T03:00:00Z'),
    },
  };
}

describe('sendTestNotification', () => {
  it('sends a test to the named target even when it subscribes to other events, and audits the result', async () => {
    const { sent, audited, deps: wiring } = deps();
    const result = await sendTestNotification(wiring, dave, 'acme', { targetId: 'on-call' }, 'corr-1');
    expect(result).toMatchObject({ ok: false, status: 503, error: 'answered 503, after 3 attempts' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.targets).toEqual([{ ...target, events: ['test'] }]);
    expect(sent[0]?.event).toMatchObject({ type: 'test', tenant: 'acme', at: '2026-12-01T03:00:00.000Z' });
    expect(audited.map((event) => [event.type, event.data.targetId])).toEqual([['notification.failed', 'on-call']]);
  });

  it("answers 404 for a target the tenant does not have, and for another tenant's", async () => {
    const { sent, deps: wiring } = deps();
    await expect(sendTestNotification(wiring, dave, 'acme', { targetId: 'nope' }, 'c')).rejects.toBeInstanceOf(NotFoundError);
    await expect(sendTestNotification(wiring, dave, 'globex', { targetId: 'on-call' }, 'c')).rejects.toBeInstanceOf(NotFoundError);
    expect(sent).toEqual([]);
  });
});
