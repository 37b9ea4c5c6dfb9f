import { describe, expect, it } from 'vitest';
import { predictKeyless } from '../../../../../shared/domain/triage/keyless/keyless-step.ts';
import {
  type CorrectedValues,
  MAX_EXAMPLES,
  MAX_FEATURES_PER_EXAMPLE,
  NO_LEARNING,
  type TenantLearning,
  withExample,
  withoutExample,
} from '../../../../../shared/domain/triage/learning/learned-example.ts';
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
