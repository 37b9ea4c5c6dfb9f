import { describe, expect, it } from 'vitest';
import { genericParser } from '../../../../../shared/app/ingest/sources/generic.ts';
import { alertmanagerFingerprint } from '../../../../../shared/domain/alerts/fingerprint.ts';
import type { ValidationError } from '../../../../../shared/domain/errors.ts';
import { sampleEvent } from '../../../../helpers/events.ts';

const now = new Date('2026-11-22T23:00:00Z');

describe('the generic parser', () => {
  it('reads one alert, fingerprinting its labels the way Alertmanager would', () => {
    const [alert] = genericParser.parse(sampleEvent('generic', 'single'), now).alerts;
    expect(alert?.labels.alertname).toBe(alert?.name);
    expect(alert?.fingerprint).toBe(alertmanagerFingerprint(alert?.labels ?? {}));
  });

  it('reads a batch, taking the name from labels.alertname when there is no name', () => {
    const { alerts } = genericParser.parse(sampleEvent('generic', 'batch'), now);
    expect(alerts).toHaveLength(3);
    expect(alerts).not.toHaveLength(0);
    expect(alerts.filter((a) => !(a.name !== 'unnamed'))).toEqual([]);
  });

  it('defaults the status to firing and the start to now', () => {
    const [alert] = genericParser.parse({ name: 'Minimal' }, now).alerts;
    expect(alert).toMatchObject({ status: 'firing', startsAt: now.toISOString() });
  });

  it('maps common severity words onto the canonical scale', () => {
    expect(genericParser.parse({ name: 'A', severity: 'page' }, now).alerts[0]?.severity).toBe('critical');
    expect(genericParser.parse({ name: 'A', severity: 'WARN' }, now).alerts[0]?.severity).toBe('warning');
  });

  it('refuses an alert with no name at all, naming the field', () => {
    try {
      genericParser.parse({ labels: { job: 'x' } }, now);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).problems.map((p) => p.field)).toContain('name');
    }
  });

  it('keeps a sender-supplied fingerprint', () => {
    expect(genericParser.parse({ name: 'A', fingerprint: 'ticket-42' }, now).alerts[0]?.fingerprint).toBe('ticket-42');
  });
});
