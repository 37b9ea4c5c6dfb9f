import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../../shared/domain/triage/categories.ts';
import {
  classifyKeyless,
  KEYLESS_MODEL,
  type KeylessInput,
  type KeylessPrediction,
} from '../../../../shared/domain/triage/keyless/keyless-classifier.ts';
import { MAX_FIELD_CHARS } from '../../../../shared/domain/triage/keyless/keyless-features.ts';
import { keylessModelSchema, SEVERITIES } from '../../../../shared/domain/triage/keyless/keyless-predict.ts';

const postgresReplicationLag: KeylessInput = {
  name: 'PostgresqlReplicationLag',
  summary: 'Postgresql replication lag (instance pg-1:9187)',
  description: 'PostgreSQL replica is 45 seconds behind the primary',
  labels: { alertname: 'PostgresqlReplicationLag', instance: 'pg-1:9187', job: 'postgres-exporter' },
};

const nodeDiskFilling: KeylessInput = {
  name: 'NodeFilesystemFillingUp',
  summary: 'Filesystem is predicted to run out of space within 24 hours',
  description: 'Filesystem on /dev/sda1 at node-1:9100 has only 8% available space left and is filling up.',
  labels: { instance: 'node-1:9100', job: 'node', mountpoint: '/', device: '/dev/sda1' },
};

function expectWellFormed(prediction: KeylessPrediction): void {
  expect(CATEGORIES).toContain(prediction.category);
  expect(SEVERITIES).toContain(prediction.severity);
  for (const confidence of [prediction.categoryConfidence, prediction.serviceConfidence, prediction.severityConfidence]) {
    expect(confidence).toBeGreaterThanOrEqual(0);
    expect(confidence).toBeLessThanOrEqual(1);
  }
  expect(prediction.version).toBe(KEYLESS_MODEL.version);
  expect(prediction.rationale).toMatch(/\.$/);
}

describe('classifyKeyless', () => {
  it('files a Postgres replication-lag alert under Databases and names PostgreSQL', () => {
    const prediction = classifyKeyless(postgresReplicationLag);

    expect(prediction.category).toBe('Databases');
    expect(prediction.service).toBe('PostgreSQL');
    expect(prediction.categoryConfidence).toBeGreaterThan(0.5);
  });

  it('explains a decision with the words that weighed most', () => {
    const prediction = classifyKeyless(postgresReplicationLag);

    expect(prediction.rationale).toMatch(/^Databases \(\d+%\) on /);
    expect(prediction.rationale).toMatch(/'replica'|'primary'|'postgresql'/);
  });

  it('files a node disk-filling alert under host resources or storage, not an application category', () => {
    const prediction = classifyKeyless(nodeDiskFilling);

    expect(['Basic resource monitoring', 'Storage']).toContain(prediction.category);
  });

  it('classifies an alert that has only a name', () => {
    const prediction = classifyKeyless({ name: 'KubePodCrashLooping', labels: {} });

    expect(prediction.category).toBe('Orchestrators');
  });

  it('uses generic vocabulary for a product it was never trained on', () => {
    const prediction = classifyKeyless({
      name: 'AcmeOperatorRestarting',
      description: 'Pod acme-0 in namespace payments keeps restarting',
      labels: { namespace: 'payments', pod: 'acme-0' },
    });

    expect(prediction.category).toBe('Orchestrators');
    expect(prediction.service).toBeUndefined();
  });

  it('reads label names and values as evidence', () => {
    const bare = classifyKeyless({ name: 'HighRequestLatency', labels: {} });
    const onAPod = classifyKeyless({ name: 'HighRequestLatency', labels: { namespace: 'payments', pod: 'api-7f9', container: 'api' } });

    expect(onAPod.category).toBe('Orchestrators');
    expect(onAPod.category).not.toBe(bare.category);
  });

  it('files an alert with no word it knows under Other, with low confidence and no service', () => {
    const prediction = classifyKeyless({ name: 'Zzyzx', labels: {} });

    expect(prediction.category).toBe('Other');
    expect(prediction.categoryConfidence).toBeLessThan(0.2);
    expect(prediction.service).toBeUndefined();
    expect(prediction.rationale).toContain('no known words');
  });

  it('states its category confidence as the first of its alternatives', () => {
    const prediction = classifyKeyless(postgresReplicationLag);

    expect(prediction.alternatives[0]).toEqual({ category: prediction.category, confidence: prediction.categoryConfidence });
  });

  it('predicts severity from the text and ignores a severity label', () => {
    const asCritical = classifyKeyless({ ...nodeDiskFilling, labels: { ...nodeDiskFilling.labels, severity: 'critical' } });
    const asInfo = classifyKeyless({ ...nodeDiskFilling, labels: { ...nodeDiskFilling.labels, severity: 'info' } });

    expect(asInfo).toEqual(asCritical);
  });

  it('gives the same answer for the same alert every time', () => {
    const first = classifyKeyless(postgresReplicationLag);
    const second = classifyKeyless(structuredClone(postgresReplicationLag));

    expect(second).toEqual(first);
  });

  it('returns well-formed predictions for any text and labels', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(
        text,
        fc.option(text),
        fc.option(text),
        fc.dictionary(text, text, { maxKeys: 8 }),
        (name, summary, description, labels) => {
          expectWellFormed(classifyKeyless({ name, summary: summary ?? undefined, description: description ?? undefined, labels }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['empty strings', { name: '', summary: '', description: '', labels: {} }],
    [
      'odd unicode',
      {
        name: '\u202eNwoDlqsergtsoP\u200b',
        summary: '🔥🔥 ǅ ﬁle ⅻ \ud800',
        description: 'e\u0301\u0000\uffff',
        labels: { '🙂': '\ud83d' },
      },
    ],
    ['a __proto__ label', { name: 'HostDown', labels: JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string> }],
    ['a label value that is not a string', { name: 'HostDown', labels: { instance: 42 } as unknown as Record<string, string> }],
  ])('does not throw on %s', (_, input: KeylessInput) => {
    expectWellFormed(classifyKeyless(input));
  });

  it('reads only the first characters of a 100 KB description (its speed is in npm run bench:classifier)', () => {
    const description = 'memory pressure '.repeat(6_400);
    const huge = classifyKeyless({ name: 'HostOutOfMemory', description, labels: {} });
    const clipped = classifyKeyless({ name: 'HostOutOfMemory', description: description.slice(0, MAX_FIELD_CHARS), labels: {} });

    expect(huge).toEqual(clipped);
    expect(huge.category).toBe('Basic resource monitoring');
  });
});

describe('the keyless model artifact', () => {
  it('is versioned, at most 1 MB, and credits its CC BY 4.0 source', () => {
    expect(KEYLESS_MODEL.version).toMatch(/^keyless-\d+$/);
    expect(Buffer.byteLength(JSON.stringify(KEYLESS_MODEL))).toBeLessThanOrEqual(1_000_000);
    expect(KEYLESS_MODEL.source.license).toBe('CC BY 4.0');
    expect(KEYLESS_MODEL.source.url).toContain('awesome-prometheus-alerts');
  });

  it('is rejected without its category calibration', () => {
    const { categoryCalibration: _, ...uncalibrated } = structuredClone(KEYLESS_MODEL);

    expect(keylessModelSchema.safeParse(uncalibrated).success).toBe(false);
  });

  it('knows every routing category', () => {
    expect([...KEYLESS_MODEL.category.labels].sort()).toEqual([...CATEGORIES].sort());
  });
});
