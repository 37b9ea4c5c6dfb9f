import { describe, expect, it } from 'vitest';
import { alertmanagerParser } from '../../../../../shared/app/ingest/sources/alertmanager.ts';
import { PayloadTooLargeError, ValidationError } from '../../../../../shared/domain/errors.ts';
import { sampleEvent } from '../../../../helpers/events.ts';

const now = new Date('2026-11-22T23:00:00Z');

describe('the Alertmanager parser', () => {
  it('normalises a real single-alert notification, keeping its fingerprint', () => {
    const { alerts, truncatedAlerts } = alertmanagerParser.parse(sampleEvent('alertmanager', 'firing-single'), now);
    expect(truncatedAlerts).toBe(0);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert).toMatchObject({ source: 'alertmanager', status: 'firing', name: 'KubePodCrashLooping', severity: 'warning' });
    expect(alert?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(alert?.endsAt).toBeUndefined();
    expect(alert?.summary).toBeTruthy();
  });

  it('reads every alert of a grouped notification', () => {
    const body = sampleEvent('alertmanager', 'firing-multiple');
    const { alerts } = alertmanagerParser.parse(body, now);
    expect(alerts.length).toBe((body.alerts as unknown[]).length);
    expect(new Set(alerts.map((a) => a.fingerprint)).size).toBe(alerts.length);
    expect(alerts).not.toHaveLength(0);
    expect(alerts.filter((a) => !(a.severity === 'critical'))).toEqual([]);
  });

  it('reports the alerts Alertmanager left out', () => {
    expect(alertmanagerParser.parse(sampleEvent('alertmanager', 'truncated'), now).truncatedAlerts).toBe(2);
  });

  it('keeps the end time of a resolved alert', () => {
    const [alert] = alertmanagerParser.parse(sampleEvent('alertmanager', 'resolved'), now).alerts;
    expect(alert?.status).toBe('resolved');
    expect(alert?.endsAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('computes the fingerprint from the labels when the sender omits it', () => {
    const body = sampleEvent('alertmanager', 'firing-single');
    const alerts = body.alerts as Record<string, unknown>[];
    const given = alerts[0]?.fingerprint;
    delete alerts[0]?.fingerprint;
    expect(alertmanagerParser.parse(body, now).alerts[0]?.fingerprint).toBe(given);
  });

  it('ignores fields it does not know', () => {
    const body = { ...sampleEvent('alertmanager', 'firing-single'), somethingNew: { nested: true } };
    expect(alertmanagerParser.parse(body, now).alerts).toHaveLength(1);
  });

  it('names the fields that are wrong', () => {
    const body = sampleEvent('alertmanager', 'firing-single');
    const alert = (body.alerts as Record<string, unknown>[])[0] ?? {};
    alert.status = 'exploded';
    alert.labels = { severity: 7 };
    try {
      alertmanagerParser.parse(body, now);
      expect.unreachable('the parser accepted a bad alert');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const fields = (error as ValidationError).problems.map((p) => p.field);
      expect(fields).toContain('alerts.0.status');
      expect(fields).toContain('alerts.0.labels.severity');
    }
  });

  it('refuses more than 1,000 alerts as too large', () => {
    const body = sampleEvent('alertmanager', 'firing-single');
    const one = (body.alerts as unknown[])[0];
    body.alerts = Array.from({ length: 1001 }, () => one);
    expect(() => alertmanagerParser.parse(body, now)).toThrow(PayloadTooLargeError);
  });
});
