import { describe, expect, it } from 'vitest';
import { routeAlert } from '../../../../../shared/app/triage/route-alert.ts';
import { DEFAULT_TENANT_CONFIG } from '../../../../../shared/domain/tenants/tenant-config.ts';
import { keylessStep, predictKeyless } from '../../../../../shared/domain/triage/keyless/keyless-step.ts';
import {
  type CorrectedValues,
  MAX_EXAMPLES,
  MAX_FEATURES_PER_EXAMPLE,
  NO_LEARNING,
  type TenantLearning,
  withExample,
  withoutExample,
} from '../../../../../shared/domain/triage/learning/learned-example.ts';
import { learnedStep } from '../../../../../shared/domain/triage/learning/learned-step.ts';
import { exampleFrom, tenantModel } from '../../../../../shared/domain/triage/learning/tenant-model.ts';
import { alertRecord } from '../../../adapters/llm/llm-test-support.ts';

// Typesense is not in the shipped model's catalogue: a service it has never seen.
const memoryHigh = alertRecord({
  name: 'TypesenseMemoryHigh',
  summary: 'Typesense memory usage above 90% (instance ts-1:8108)',
  description: 'The Typesense node uses most of its memory',
  labels: { instance: 'ts-1:8108', job: 'typesense' },
});
const nodeDown = alertRecord({
  id: 'a2',
  name: 'TypesenseNodeDown',
  summary: 'Typesense node down (instance ts-2:8108)',
  description: 'A Typesense cluster node stopped answering',
  labels: { instance: 'ts-2:8108' },
});
const postgres = alertRecord({ id: 'a3' });

function corrected(alert = memoryHigh, set: CorrectedValues = { category: 'Databases', service: 'Typesense', team: 'search' }, id = 'c1') {
  return withExample(NO_LEARNING, exampleFrom(alert, { correctionId: id, by: 'alice', at: '2026-12-02T09:00:00.000Z', set }));
}

const knowsService = (alert: typeof memoryHigh) => predictKeyless(alert).service !== undefined;

describe("a tenant's learned model", () => {
  it('routes the next alert of a corrected service by what it learned, naming the shared word', () => {
    const model = tenantModel(corrected());
    const routing = model.route(nodeDown, knowsService(nodeDown));
    expect(routing?.set).toEqual({ category: 'Databases', service: 'Typesense', team: 'search' });
    expect(routing?.example).toMatchObject({ correctionId: 'c1', alertName: 'TypesenseMemoryHigh', by: 'alice' });
    expect(routing?.shared).toContain('w:typesense');
  });

  it('leaves alerts of a service the shipped model knows to the shipped model', () => {
    expect(knowsService(postgres)).toBe(true);
    expect(tenantModel(corrected()).route(postgres, true)).toBeUndefined();
  });

  it('carries severity only to alerts of the corrected name', () => {
    const model = tenantModel(corrected(memoryHigh, { severity: 'critical', service: 'Typesense' }));
    expect(model.route(nodeDown, false)?.set).toEqual({ service: 'Typesense' });
    expect(model.route(alertRecord({ ...memoryHigh, id: 'a9' }), false)?.set).toEqual({ severity: 'critical', service: 'Typesense' });
  });

  it("completes a correction's values with other corrections of the same service", () => {
    const first = corrected(memoryHigh, { category: 'Databases', service: 'Typesense' }, 'c1');
    const both = withExample(
      first,
      exampleFrom(nodeDown, {
        correctionId: 'c2',
        by: 'bob',
        at: '2026-12-02T10:00:00.000Z',
        set: { service: 'typesense', team: 'search' },
      }),
    );
    const third = alertRecord({ id: 'a4', name: 'TypesenseNodeDown', summary: 'Typesense node down', labels: {} });
    expect(tenantModel(both).route(third, false)?.set).toEqual({ category: 'Databases', service: 'typesense', team: 'search' });
  });

  it('forgets what a removed correction taught', () => {
    const learning = withoutExample(corrected(), 'c1');
    expect(learning.examples).toEqual([]);
    expect(tenantModel(learning).route(nodeDown, false)).toBeUndefined();
  });

  it('stays bounded: at most MAX_EXAMPLES examples of MAX_FEATURES_PER_EXAMPLE features, the oldest going first', () => {
    const long = alertRecord({
      description: Array.from({ length: 300 }, (_, i) => `zq${String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26))}`).join(' '),
    });
    let learning: TenantLearning = NO_LEARNING;
    for (let i = 0; i < MAX_EXAMPLES + 5; i++)
      learning = withExample(
        learning,
        exampleFrom(long, { correctionId: `c${i}`, by: 'alice', at: '2026-12-02T09:00:00.000Z', set: { team: 't' } }),
      );
    expect(learning.examples).toHaveLength(MAX_EXAMPLES);
    expect(learning.examples[0]?.correctionId).toBe('c5');
    expect(Math.max(...learning.examples.map((example) => example.features.length))).toBe(MAX_FEATURES_PER_EXAMPLE);
    expect(learning.version).toBe(MAX_EXAMPLES + 5);
  });

  it('lists the corrections most like an alert for an LLM prompt, most alike first', () => {
    const learning = withExample(
      corrected(),
      exampleFrom(postgres, { correctionId: 'c2', by: 'bob', at: '2026-12-02T10:00:00.000Z', set: { team: 'dba' } }),
    );
    expect(
      tenantModel(learning)
        .similar(nodeDown, 3)
        .map((example) => example.correctionId)[0],
    ).toBe('c1');
    expect(
      tenantModel(learning)
        .similar(postgres, 1)
        .map((example) => example.correctionId),
    ).toEqual(['c2']);
  });
});

describe('what a correction must not take over', () => {
  const labels = { cluster: 'acmecorp', namespace: 'checkout' };
  const corrected = alertRecord({ name: 'TypesenseMemoryHigh', summary: 'Typesense memory usage above 90%', labels });
  const learning = withExample(
    NO_LEARNING,
    exampleFrom(corrected, {
      correctionId: 'c1',
      by: 'alice',
      at: '2026-12-02T09:00:00.000Z',
      set: { category: 'Databases', team: 'search' },
    }),
  );

  it("ignores a rare word the alert has only in its labels, such as the tenant's cluster", () => {
    for (const name of ['KafkaConsumerLag', 'HighErrorRate', 'CertificateExpiring']) {
      const alert = alertRecord({ id: name, name, summary: 'Something is off', labels });
      expect(tenantModel(learning).route(alert, knowsService(alert)), name).toBeUndefined();
    }
  });

  it('never lowers the severity an alert of the same name was sent with', async () => {
    const sandbox = withExample(
      NO_LEARNING,
      exampleFrom(alertRecord({ name: 'KubePodCrashLooping', labels: { namespace: 'sandbox' } }), {
        correctionId: 'c2',
        by: 'alice',
        at: '2026-12-02T09:00:00.000Z',
        set: { severity: 'info', team: 'sandbox-owners' },
      }),
    );
    const production = alertRecord({ name: 'KubePodCrashLooping', severity: 'critical', labels: { namespace: 'payments' } });
    const decision = await routeAlert(
      [learnedStep, keylessStep],
      { tenant: 'acme', alert: production, config: DEFAULT_TENANT_CONFIG, learned: tenantModel(sandbox) },
      { eventId: 'e', now: new Date() },
    );
    expect(decision.decidedBy.kind).toBe('learned');
    expect(decision).toMatchObject({ severity: 'critical', priority: 'P1' });
    const unlabelled = alertRecord({ name: 'KubePodCrashLooping', severity: undefined, labels: { namespace: 'payments' } });
    const taught = await routeAlert(
      [learnedStep, keylessStep],
      { tenant: 'acme', alert: unlabelled, config: DEFAULT_TENANT_CONFIG, learned: tenantModel(sandbox) },
      { eventId: 'e', now: new Date() },
    );
    expect(taught.severity).toBe('info');
  });

  it("treats a word in half the tenant's alert names as a house word, not a product", () => {
    const house = alertRecord({ name: 'AcmeTypesenseDown', summary: 'down', labels: {} });
    const acme = withExample(
      NO_LEARNING,
      exampleFrom(alertRecord({ name: 'AcmeQueueStuck', summary: 'stuck', labels: {} }), {
        correctionId: 'c3',
        by: 'alice',
        at: '2026-12-02T09:00:00.000Z',
        set: { category: 'Message brokers' },
      }),
    );
    const alertNames = Array.from(
      { length: 30 },
      (_, i) => `Acme${['Disk', 'Cpu', 'Api', 'Db', 'Cache'][i % 5]}Thing${String.fromCharCode(97 + i)}`,
    );
    expect(tenantModel(acme).route(house, false)).toBeDefined();
    expect(tenantModel(acme, { alertNames }).route(house, false)).toBeUndefined();
  });
});
