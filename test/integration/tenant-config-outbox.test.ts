/**
 * H4: an accepted configuration change always reaches the audit log, however big the
 * configuration and whether or not the audit queue answers at that moment.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoTenantConfigStore } from '../../shared/adapters/dynamodb/dynamo-tenant-config-store.ts';
import { resendOwedConfigEvents, writeTenantConfig } from '../../shared/app/tenants/tenant-config.ts';
import { auditEventRefusal } from '../../shared/domain/audit/audit-event.ts';
import type { AuditLog } from '../../shared/domain/audit/audit-log.ts';
import { canonicalJson } from '../../shared/domain/audit/canonical-json.ts';
import type { Principal } from '../../shared/domain/roles.ts';
import { tenantConfigSchema } from '../../shared/domain/tenants/tenant-config.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';
import { RecordingAuditLog } from '../support/in-memory/queues.ts';
import { recordingLog } from '../support/recording-log.ts';

const OPEN = { allowedModels: ['*'], maxDailyTokens: 1_000_000, limits: { apiPerMinute: 600, webhookPerMinute: 1200 } };
const store = new DynamoTenantConfigStore(localDynamo(), emulators().tables.tenantConfigs);
const admin = (tenant: string): Principal => ({ subject: 'dana', tenant, roles: ['admin'], via: 'jwt' });
const down: AuditLog = {
  send: async () => {
    throw new Error('the audit queue is unreachable');
  },
};

/** About 290 KB: 200 routing rules padded to the schema's limits, and live with auto everywhere. */
function hugeConfig() {
  const rules = Array.from({ length: 200 }, (_, i) => ({
    id: `r-${i}`,
    matchers: Array.from({ length: 20 }, (_, j) => `label_${j}="${'x'.repeat(50)}"`),
    set: { team: `team-${i}` },
  }));
  return tenantConfigSchema.parse({
    routing: { rules },
    policies: { byRisk: { low: 'auto', medium: 'auto', high: 'auto' } },
    remediation: { executor: 'live' },
  });
}

describe('a configuration change', () => {
  it('records its version and a SHA-256 of it, never its body, so no configuration is too big to audit', async () => {
    const tenant = freshTenant('huge-config');
    const audit = new RecordingAuditLog();
    const config = hugeConfig();
    expect(Buffer.byteLength(JSON.stringify(config))).toBeGreaterThan(250_000);
    await writeTenantConfig(
      { store, audit, checkDestination: () => undefined, operator: OPEN, log: recordingLog() },
      admin(tenant),
      tenant,
      '"v0"',
      config,
      'c1',
    );
    const [event] = audit.events;
    expect(event).toMatchObject({
      type: 'config.changed',
      actor: 'dana',
      data: {
        version: 1,
        sha256: createHash('sha256').update(canonicalJson(config)).digest('hex'),
        changed: expect.arrayContaining(['routing', 'policies', 'remediation']),
      },
    });
    expect(auditEventRefusal(event ?? ({} as never))).toBeUndefined();
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(2_000);
    expect(await store.owed(new Date(Date.now() + 60_000).toISOString(), 100)).not.toContainEqual(expect.objectContaining({ tenant }));
  });

  it('stays owed when the audit queue fails, and the sweeper sends it', async () => {
    const tenant = freshTenant('owed-config');
    const log = recordingLog();
    const at = new Date('2026-12-01T10:00:00.000Z');
    const stored = await writeTenantConfig(
      { store, audit: down, checkDestination: () => undefined, operator: OPEN, log },
      admin(tenant),
      tenant,
      '"v0"',
      tenantConfigSchema.parse({ remediation: { executor: 'live' } }),
      'c2',
      at,
    );
    expect(stored.version).toBe(1);
    expect(log.lines.map((line) => line.message)).toContain('config.changed not sent yet; it stays owed for the sweeper');
    expect(await store.owed(new Date(at.getTime() + 1).toISOString(), 100)).toContainEqual(
      expect.objectContaining({ tenant, version: 1, event: expect.objectContaining({ eventId: `config:${tenant}:v1` }) }),
    );

    const audit = new RecordingAuditLog();
    // Within the writer's minute of grace the sweeper leaves it alone; after it, it sends it once.
    await resendOwedConfigEvents({ store, audit }, new Date(at.getTime() + 30_000));
    expect(audit.events.filter((event) => event.tenant === tenant)).toEqual([]);
    await resendOwedConfigEvents({ store, audit }, new Date(at.getTime() + 120_000));
    expect(audit.events.filter((event) => event.tenant === tenant).map((event) => event.eventId)).toEqual([`config:${tenant}:v1`]);
    await resendOwedConfigEvents({ store, audit }, new Date(at.getTime() + 180_000));
    expect(audit.events.filter((event) => event.tenant === tenant)).toHaveLength(1);
  });
});
