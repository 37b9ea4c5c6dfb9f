import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertStorable } from '../../../../../shared/app/ingest/sources/alert-limits.ts';
import { LIMITS } from '../../../../../shared/app/ingest/sources/fields.ts';
import { PARSERS } from '../../../../../shared/app/ingest/sources/index.ts';
import { SOURCES } from '../../../../../shared/domain/alerts/alert.ts';
import { alertmanagerFingerprint } from '../../../../../shared/domain/alerts/fingerprint.ts';
import { ValidationError } from '../../../../../shared/domain/errors.ts';
import { sampleEvent } from '../../../../helpers/events.ts';

const now = new Date('2026-11-22T23:00:00Z');

const bodies: Record<(typeof SOURCES)[number], () => Record<string, unknown>> = {
  alertmanager: () => sampleEvent('alertmanager', 'firing-single'),
  grafana: () => sampleEvent('grafana', 'firing'),
  pagerduty: () => sampleEvent('pagerduty', 'trigger'),
  generic: () => sampleEvent('generic', 'single'),
};

describe.each(SOURCES)('the %s parser, given hostile input,', (source) => {
  const parser = PARSERS[source];

  it('answers a ValidationError (never a crash) for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          // Whatever passes must come out as well-formed alerts.
          for (const alert of parser.parse(value, now).alerts) {
            expect(alert.fingerprint.length).toBeGreaterThan(0);
            expect(['firing', 'resolved', 'acknowledged']).toContain(alert.status);
            expect(Number.isNaN(Date.parse(alert.startsAt))).toBe(false);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts its sample event', () => {
    expect(parser.parse(bodies[source](), now).alerts.length).toBeGreaterThan(0);
  });

  it('rejects wrong types where strings belong', () => {
    const body = bodies[source]();
    if (source === 'pagerduty') (body.payload as Record<string, unknown>).summary = 42;
    else if (source === 'generic') body.labels = { team: ['a', 'b'] };
    else ((body.alerts as Record<string, unknown>[])[0] ?? {}).startsAt = false;
    expect(() => parser.parse(body, now)).toThrow(ValidationError);
  });

  it('truncates a huge description instead of dropping the alert', () => {
    const body = bodies[source]();
    const huge = 'x'.repeat(400_000);
    if (source === 'pagerduty') (body.payload as Record<string, unknown>).custom_details = { log: huge };
    else if (source === 'generic') body.description = huge;
    else ((body.alerts as Record<string, { description?: string }>[])[0] ?? {}).annotations = { description: huge };
    const [alert] = parser.parse(body, now).alerts;
    const stored = JSON.stringify(alert);
    expect(stored.length).toBeLessThan(60_000);
    expect(stored).toContain('[truncated by alertgate]');
  });

  it('does not let a __proto__ key pollute prototypes', () => {
    const text = JSON.stringify(bodies[source]()).replace('{', '{"__proto__":{"polluted":"yes"},');
    parser.parse(JSON.parse(text), now);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('label sets', () => {
  it('keep a label named __proto__ as an ordinary label, in the fingerprint too', () => {
    const body = JSON.parse('{"name":"Odd","labels":{"__proto__":"x","job":"api"}}');
    const [alert] = PARSERS.generic.parse(body, now).alerts;
    expect(Object.keys(alert?.labels ?? {})).toEqual(['__proto__', 'job', 'alertname']);
    expect(alert?.fingerprint).toBe(alertmanagerFingerprint(JSON.parse('{"__proto__":"x","job":"api","alertname":"Odd"}')));
    expect(Object.getPrototypeOf(alert?.labels)).toBe(Object.prototype);
  });

  it('refuse 10,000 labels with a message naming the limit', () => {
    const labels = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`l${i}`, 'v']));
    const body = sampleEvent('alertmanager', 'firing-single');
    ((body.alerts as Record<string, unknown>[])[0] ?? {}).labels = labels;
    try {
      PARSERS.alertmanager.parse(body, now);
      expect.unreachable('10,000 labels were accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems[0]).toMatchObject({
        field: 'alerts.0.labels',
        message: `at most ${LIMITS.labels} labels, got 10000`,
      });
    }
  });

  it('refuse a label value longer than the limit', () => {
    const body = { name: 'Long', labels: { pod: 'p'.repeat(LIMITS.labelValueLength + 1) } };
    expect(() => PARSERS.generic.parse(body, now)).toThrow(ValidationError);
  });

  it('drop empty values, as Alertmanager does before fingerprinting', () => {
    const [alert] = PARSERS.generic.parse({ name: 'E', labels: { team: '', job: 'x' } }, now).alerts;
    expect(alert?.labels).toEqual({ job: 'x', alertname: 'E' });
  });
});

describe('alerts too large to store', () => {
  it('are refused with 422 naming the alert, before anything is written', () => {
    const labels = Object.fromEntries(Array.from({ length: 128 }, (_, i) => [`label_${i}`, 'v'.repeat(4000)]));
    const body = { alerts: [{ name: 'Small' }, { name: 'Huge', labels }] };
    const alerts = PARSERS.generic.parse(body, now).alerts;
    try {
      assertStorable(alerts);
      expect.unreachable('a 500 KB alert was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems.map((p) => p.field)).toEqual(['alerts.1']);
    }
  });
});
