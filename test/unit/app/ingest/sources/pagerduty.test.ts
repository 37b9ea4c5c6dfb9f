import { describe, expect, it } from 'vitest';
import { pagerdutyParser, pagerdutyRoutingKey } from '../../../../../shared/app/ingest/sources/pagerduty.ts';
import { ValidationError } from '../../../../../shared/domain/errors.ts';
import { sampleEvent } from '../../../../helpers/events.ts';

const now = new Date('2026-11-22T23:00:00Z');

describe('the PagerDuty Events v2 parser', () => {
  it('turns a trigger into a firing alert identified by its dedup_key', () => {
    const body = sampleEvent('pagerduty', 'trigger');
    const [alert] = pagerdutyParser.parse(body, now).alerts;
    const payload = body.payload as Record<string, string>;
    expect(alert).toMatchObject({ status: 'firing', fingerprint: body.dedup_key, severity: payload.severity, summary: payload.summary });
    expect(alert?.labels.source).toBe(payload.source);
  });

  it('identifies a trigger without dedup_key by its content, so a repeat deduplicates', () => {
    const body = sampleEvent('pagerduty', 'trigger');
    delete body.dedup_key;
    const first = pagerdutyParser.parse(body, now).alerts[0]?.fingerprint;
    const again = pagerdutyParser.parse(structuredClone(body), new Date('2026-11-23T00:00:00Z')).alerts[0]?.fingerprint;
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(again).toBe(first);
  });

  it('reads acknowledge and resolve by dedup_key alone', () => {
    expect(pagerdutyParser.parse(sampleEvent('pagerduty', 'acknowledge'), now).alerts[0]?.status).toBe('acknowledged');
    expect(pagerdutyParser.parse(sampleEvent('pagerduty', 'resolve'), now).alerts[0]?.status).toBe('resolved');
  });

  it('requires a dedup_key to resolve', () => {
    const body = sampleEvent('pagerduty', 'resolve');
    delete body.dedup_key;
    expect(() => pagerdutyParser.parse(body, now)).toThrow(ValidationError);
  });

  it('refuses a severity outside PagerDuty’s four', () => {
    const body = sampleEvent('pagerduty', 'trigger');
    (body.payload as Record<string, unknown>).severity = 'catastrophic';
    expect(() => pagerdutyParser.parse(body, now)).toThrow(ValidationError);
  });

  it('finds the routing key in the body', () => {
    expect(pagerdutyRoutingKey(sampleEvent('pagerduty', 'trigger'))).toBe('R0UTINGKEY0000000000000000000000');
    expect(pagerdutyRoutingKey({ routing_key: 5 })).toBeUndefined();
  });
});
