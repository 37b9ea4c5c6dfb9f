/** Corrections through the API on the local stack: a responder corrects once, and the tenant's next alerts of that service are routed by it. */
import { describe, expect, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import { eventually } from '../support/eventually.ts';

type Json = Record<string, unknown>;
const run = Date.now().toString(36);
const tenant = `e2e-learn-${run}`;
const other = `e2e-learn-other-${run}`;

// Typesense is a service the shipped model never saw.
const memoryHigh = {
  name: 'TypesenseMemoryHigh',
  severity: 'warning',
  summary: 'Typesense memory usage above 90% (instance ts-1:8108)',
  description: 'The Typesense node uses most of its memory',
  labels: { instance: 'ts-1:8108', job: 'typesense' },
};
const nodeDown = {
  name: 'TypesenseNodeDown',
  severity: 'critical',
  summary: 'Typesense node down (instance ts-2:8108)',
  description: 'A Typesense cluster node stopped answering',
  labels: { instance: 'ts-2:8108' },
};

async function decided(token: string, alert: Json): Promise<{ id: string; decision: Json }> {
  const posted = await call('POST', '/v1/webhooks/generic', { token, json: alert });
  expect(posted.status).toBe(202);
  const id = (posted.body.alerts as { id: string }[])[0]?.id ?? '';
  return eventually(
    `the decision on ${id}`,
    async () => {
      const triage = (await call('GET', `/v1/alerts/${id}`, { token })).body.triage as Json;
      return triage.state === 'decided' ? { id, decision: triage.decision as Json } : undefined;
    },
    { interval: 200 },
  );
}

describe('corrections and learning, through the API', () => {
  it('learns from one correction for this tenant only, says so, lists it, and forgets it when an admin undoes it', async () => {
    const responder = await tokenFor(tenant, ['ingest', 'responder'], 'alice');
    const viewer = await tokenFor(tenant, ['viewer']);
    const admin = await tokenFor(tenant, ['admin', 'ingest']);
    const first = await decided(responder, memoryHigh);
    expect(first.decision.decidedBy).toMatchObject({ kind: 'classifier' });

    const correction = { category: 'Databases', service: 'Typesense', team: 'search', note: 'search engine, owned by search' };
    expect((await call('POST', `/v1/alerts/${first.id}/corrections`, { token: viewer, json: correction })).status).toBe(403);
    const bad = await call('POST', `/v1/alerts/${first.id}/corrections`, { token: responder, json: { category: 'Kitchen' } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('POST', '/v1/alerts/nope/corrections', { token: responder, json: correction })).status).toBe(404);

    const made = await call('POST', `/v1/alerts/${first.id}/corrections`, { token: responder, json: correction });
    expect(made.status).toBe(201);
    const correctionId = String(made.body.id);
    expect(made.body).toMatchObject({ by: 'alice', set: { category: 'Databases', service: 'Typesense', team: 'search' } });
    const corrected = ((await call('GET', `/v1/alerts/${first.id}`, { token: viewer })).body.triage as Json).decision as Json;
    expect(corrected).toMatchObject({
      category: 'Databases',
      team: 'search',
      decidedBy: { kind: 'correction', correctionId, by: 'alice' },
      original: { decidedBy: { kind: 'classifier' } },
    });

    // Every triage instance reads the tenant's model again within 2 s: alerts sent meanwhile may miss it.
    const next = await eventually(
      'a decision by what was learned',
      async () => {
        const sent = await decided(responder, { ...nodeDown, labels: { instance: `ts-${Math.random()}` } });
        return (sent.decision.decidedBy as Json).kind === 'learned' ? sent : undefined;
      },
      { interval: 250, timeout: 10_000 },
    );
    expect(next.decision).toMatchObject({
      category: 'Databases',
      service: 'Typesense',
      team: 'search',
      severity: 'critical',
      decidedBy: { kind: 'learned', correctionId, by: 'alice' },
    });
    expect(next.decision.rationale).toMatch(/^Learned from the correction of `TypesenseMemoryHigh` by alice on \d{4}-\d{2}-\d{2}/);

    // Another tenant's routing is its own.
    const elsewhere = await decided(await tokenFor(other, ['ingest', 'viewer']), nodeDown);
    expect(elsewhere.decision.decidedBy).toMatchObject({ kind: 'classifier' });

    const listed = await call('GET', '/v1/triage/corrections', { token: viewer });
    expect(listed.status).toBe(200);
    expect((listed.body.items as Json[]).map((item) => item.id)).toEqual([correctionId]);
    expect((await call('GET', '/v1/triage/corrections', { token: await tokenFor(other, ['viewer']) })).body.items).toEqual([]);

    expect((await call('DELETE', `/v1/triage/corrections/${correctionId}`, { token: responder })).status).toBe(403);
    expect((await call('DELETE', `/v1/triage/corrections/${correctionId}`, { token: admin })).status).toBe(204);
    expect((await call('DELETE', `/v1/triage/corrections/${correctionId}`, { token: admin })).status).toBe(404);
    const restored = ((await call('GET', `/v1/alerts/${first.id}`, { token: viewer })).body.triage as Json).decision as Json;
    expect(restored.decidedBy).toMatchObject({ kind: 'classifier' });
    expect(restored.original).toBeUndefined();

    // Models are read again within 2 s on every instance: a new alert of the service is the shipped model's again.
    const after = await eventually(
      'routing without the correction',
      async () => {
        const { decision } = await decided(responder, { ...nodeDown, labels: { instance: `ts-${Math.random()}` } });
        return (decision.decidedBy as Json).kind === 'classifier' ? decision : undefined;
      },
      { interval: 500 },
    );
    expect(after.category).not.toBeUndefined();

    const auditor = await tokenFor(tenant, ['auditor']);
    const types = async (type: string) => ((await call('GET', `/v1/audit?type=${type}`, { token: auditor })).body.items as Json[]).length;
    await eventually('the audit entries', async () =>
      (await types('triage.corrected')) === 1 && (await types('triage.correction-removed')) === 1 ? true : undefined,
    );
  });
});
