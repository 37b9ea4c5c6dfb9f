/** Corrections on DynamoDB Local: the correction, the model and the alert's decision move together, per tenant, once. */
import { describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '../../shared/adapters/dynamodb/dynamo-alert-store.ts';
import { DynamoLearningStore } from '../../shared/adapters/dynamodb/dynamo-learning-store.ts';
import { type CorrectionDeps, correctAlert, removeCorrection } from '../../shared/app/triage/correct-alert.ts';
import { LearnedModels } from '../../shared/app/triage/learned-models.ts';
import { NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import type { Principal } from '../../shared/domain/roles.ts';
import { tenantConfigSchema } from '../../shared/domain/tenants/tenant-config.ts';
import type { TriageDecision } from '../../shared/domain/triage/decision.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';
import { RecordingAuditLog, RecordingTriageQueue } from '../support/in-memory/queues.ts';
import { recordingLog } from '../support/recording-log.ts';
import { alertRecord } from '../unit/adapters/llm/llm-test-support.ts';

const alerts = new DynamoAlertStore(localDynamo(), emulators().tables.alerts);
const learning = new DynamoLearningStore(localDynamo(), emulators().tables.learning);

const decision: TriageDecision = {
  eventId: 'e1',
  revision: 1,
  decidedAt: '2026-12-02T08:59:00.000Z',
  category: 'Other',
  severity: 'warning',
  priority: 'P3',
  confidence: 0.31,
  rationale: 'Other (31%) on no known words',
  decidedBy: { kind: 'classifier', version: 'keyless-1' },
  latencyMs: 1,
  abstentions: [],
};

async function seeded(tenant: string, id = 'a1', name = 'TypesenseMemoryHigh') {
  const alert = alertRecord({
    tenant,
    id,
    name,
    summary: 'Typesense memory usage above 90%',
    labels: { job: 'typesense' },
    decision,
    version: 0,
  });
  return alerts.save({ record: alert, expectedVersion: undefined });
}

function deps(): CorrectionDeps & { audit: RecordingAuditLog } {
  return {
    alerts,
    learning,
    configOf: async () => tenantConfigSchema.parse({ routing: { teams: { Storage: 'storage-oncall' } } }),
    queue: new RecordingTriageQueue(),
    audit: new RecordingAuditLog(),
    log: recordingLog(),
    now: () => new Date('2026-12-02T09:00:00Z'),
  };
}

const alice = (tenant: string): Principal => ({ subject: 'alice', tenant, roles: ['responder'], via: 'jwt' });

describe('corrections on DynamoDB Local', () => {
  it("stores the correction with the model's new example, shows it on the alert with the original, and audits it once", async () => {
    const tenant = freshTenant('correct');
    await seeded(tenant);
    const d = deps();
    const body = { category: 'Databases', service: 'Typesense', team: 'search', note: 'a search engine' };
    const correction = await correctAlert(d, alice(tenant), 'a1', body, 'corr-1');
    expect(correction).toMatchObject({
      alertId: 'a1',
      alertName: 'TypesenseMemoryHigh',
      by: 'alice',
      set: { category: 'Databases', service: 'Typesense', team: 'search' },
    });
    expect((await learning.model(tenant)).examples.map((example) => example.correctionId)).toEqual([correction.id]);
    const stored = (await alerts.get(tenant, 'a1'))?.decision;
    expect(stored).toMatchObject({
      category: 'Databases',
      service: 'Typesense',
      team: 'search',
      confidence: 1,
      rationale: 'Corrected by alice: a search engine',
      decidedBy: { kind: 'correction', correctionId: correction.id, by: 'alice' },
      original: { category: 'Other', confidence: 0.31, decidedBy: { kind: 'classifier', version: 'keyless-1' } },
    });

    // The same request again (a retry) is the same correction, and changes nothing.
    const again = await correctAlert(d, alice(tenant), 'a1', body, 'corr-1');
    expect(again).toEqual(correction);
    expect((await learning.model(tenant)).version).toBe(1);
    expect(d.audit.events.filter((event) => event.type === 'triage.corrected')).toHaveLength(1);
    expect(d.audit.events[0]?.data).toMatchObject({
      correctionId: correction.id,
      set: { category: 'Databases' },
      original: { category: 'Other' },
    });
  });

  it("keeps each tenant's model its own", async () => {
    const [a, b] = [freshTenant('learn-a'), freshTenant('learn-b')];
    await seeded(a);
    await correctAlert(deps(), alice(a), 'a1', { category: 'Databases' }, 'c');
    const models = new LearnedModels(learning);
    expect((await models.of(a)).model.examples).toBe(1);
    expect((await models.of(b)).model.examples).toBe(0);
    await expect(correctAlert(deps(), alice(b), 'a1', { category: 'Databases' }, 'c')).rejects.toThrow(NotFoundError);
  });

  it('refuses values outside the registry, and an empty correction, naming the field', async () => {
    const tenant = freshTenant('correct-bad');
    await seeded(tenant);
    const refused = (body: unknown) => correctAlert(deps(), alice(tenant), 'a1', body, 'c');
    await expect(refused({ category: 'Kitchen' })).rejects.toMatchObject({ problems: [expect.objectContaining({ field: 'category' })] });
    await expect(refused({ severity: 'catastrophic' })).rejects.toMatchObject({
      problems: [expect.objectContaining({ field: 'severity' })],
    });
    await expect(refused({ note: 'only a note' })).rejects.toMatchObject({
      problems: [expect.objectContaining({ message: 'set at least one of category, service, team or severity' })],
    });
    await expect(refused({ team: 'sre', unknown: 1 })).rejects.toThrow(ValidationError);
    expect((await learning.model(tenant)).examples).toEqual([]);
  });

  it('lists newest first with a cursor, and undoes a correction: the original decision back, the example gone', async () => {
    const tenant = freshTenant('correct-list');
    for (const id of ['a1', 'a2', 'a3']) await seeded(tenant, id, `Typesense${id}`);
    const d = deps();
    const made = [];
    for (const [i, id] of ['a1', 'a2', 'a3'].entries()) {
      made.push(await correctAlert({ ...d, now: () => new Date(Date.UTC(2026, 11, 2, 9, i)) }, alice(tenant), id, { team: `t${i}` }, 'c'));
    }
    const first = await learning.listCorrections(tenant, { limit: 2 });
    expect(first.items.map((item) => item.alertId)).toEqual(['a3', 'a2']);
    const rest = await learning.listCorrections(tenant, { limit: 2, cursor: first.cursor });
    expect(rest.items.map((item) => item.alertId)).toEqual(['a1']);

    const admin: Principal = { subject: 'root', tenant, roles: ['admin'], via: 'jwt' };
    await removeCorrection(d, admin, made[0]?.id ?? '', 'c');
    expect((await alerts.get(tenant, 'a1'))?.decision).toEqual({ ...decision });
    expect((await learning.model(tenant)).examples.map((example) => example.correctionId)).toEqual([made[1]?.id, made[2]?.id]);
    expect(d.audit.events.at(-1)).toMatchObject({ type: 'triage.correction-removed', actor: 'root', subjects: { alertId: 'a1' } });
    await expect(removeCorrection(d, admin, made[0]?.id ?? '', 'c')).rejects.toThrow(NotFoundError);
  });

  it('undoes stacked corrections one at a time, each restoring what it replaced, and audits a correction made again', async () => {
    const tenant = freshTenant('correct-stack');
    await seeded(tenant);
    const d = deps();
    const admin: Principal = { subject: 'root', tenant, roles: ['admin'], via: 'jwt' };
    const a = await correctAlert(d, alice(tenant), 'a1', { category: 'Storage' }, 'c');
    // A new category takes its team from the tenant's map.
    expect((await alerts.get(tenant, 'a1'))?.decision).toMatchObject({ category: 'Storage', team: 'storage-oncall' });
    const b = await correctAlert(d, alice(tenant), 'a1', { team: 'blob-team', severity: 'critical' }, 'c');
    expect((await alerts.get(tenant, 'a1'))?.decision).toMatchObject({
      category: 'Storage',
      team: 'blob-team',
      priority: 'P1',
      original: { category: 'Other' },
    });
    await removeCorrection(d, admin, b.id, 'c');
    expect((await alerts.get(tenant, 'a1'))?.decision).toMatchObject({
      category: 'Storage',
      team: 'storage-oncall',
      severity: 'warning',
      decidedBy: { kind: 'correction', correctionId: a.id },
      original: { category: 'Other' },
    });
    await removeCorrection(d, admin, a.id, 'c');
    expect((await alerts.get(tenant, 'a1'))?.decision).toEqual(decision);
    const again = await correctAlert(
      { ...d, now: () => new Date('2026-12-02T10:00:00Z') },
      alice(tenant),
      'a1',
      { category: 'Storage' },
      'c',
    );
    expect(again.id).toBe(a.id);
    const ids = d.audit.events.filter((event) => event.type === 'triage.corrected').map((event) => event.eventId);
    expect(new Set(ids).size).toBe(3);
  });

  it('writes each of many concurrent corrections into the model (conditional on its version)', async () => {
    const tenant = freshTenant('correct-race');
    const ids = Array.from({ length: 8 }, (_, i) => `a${i}`);
    for (const id of ids) await seeded(tenant, id, `Typesense${id}`);
    await Promise.all(ids.map((id) => correctAlert(deps(), alice(tenant), id, { team: id }, `c-${id}`)));
    const model = await learning.model(tenant);
    expect(model.examples).toHaveLength(8);
    expect(model.version).toBe(8);
  });
});
