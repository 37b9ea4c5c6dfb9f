import { describe, expect, it } from 'vitest';
import { tenantConfigSchema } from '../../../../shared/domain/tenants/tenant-config.ts';
import { withSecretsHidden, withSecretsKept } from '../../../../shared/domain/tenants/write-only.ts';

const SLACK = 'https://hooks.slack.com/services/T000/B000/SuperSecretPathToken';
const stored = tenantConfigSchema.parse({
  notifications: { targets: [{ id: 'ops', type: 'slack', url: SLACK }] },
  remediation: { webhooks: [{ id: 'restart', url: 'https://hooks.example.com/run?token=abc', secretRef: 'env:ALERTGATE_WEBHOOK_X' }] },
});

describe('write-only configuration URLs', () => {
  it('are shown by their origin only', () => {
    const shown = withSecretsHidden(stored);
    expect(shown.notifications.targets[0]?.url).toBe('https://hooks.slack.com/…');
    expect(shown.remediation.webhooks[0]?.url).toBe('https://hooks.example.com/…');
    expect(JSON.stringify(shown)).not.toMatch(/SuperSecret|token=abc/);
  });

  it('survive a read, edit, write round trip: the shown value sent back keeps the stored one', () => {
    const edited = tenantConfigSchema.parse({ ...withSecretsHidden(stored), limits: { apiRequestsPerMinute: 100 } });
    const { config, unresolved } = withSecretsKept(edited, stored);
    expect(unresolved).toEqual([]);
    expect(config.notifications.targets[0]?.url).toBe(SLACK);
    expect(config.remediation.webhooks[0]?.url).toBe('https://hooks.example.com/run?token=abc');
  });

  it('are replaced by a new full URL, and refused when hidden with nothing of that id and origin behind them', () => {
    const replaced = withSecretsKept(
      tenantConfigSchema.parse({ notifications: { targets: [{ id: 'ops', type: 'slack', url: `${SLACK}2` }] } }),
      stored,
    );
    expect(replaced.config.notifications.targets[0]?.url).toBe(`${SLACK}2`);
    const moved = withSecretsKept(
      tenantConfigSchema.parse({ notifications: { targets: [{ id: 'ops', type: 'slack', url: 'https://evil.example/…' }] } }),
      stored,
    );
    expect(moved.unresolved).toEqual(['notifications.targets.0.url']);
    const renamed = withSecretsKept(
      tenantConfigSchema.parse({ notifications: { targets: [{ id: 'new', type: 'slack', url: 'https://hooks.slack.com/…' }] } }),
      stored,
    );
    expect(renamed.unresolved).toEqual(['notifications.targets.0.url']);
  });
});
