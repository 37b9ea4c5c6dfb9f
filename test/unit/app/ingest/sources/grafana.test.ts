import { describe, expect, it } from 'vitest';
import { grafanaParser } from '../../../../../shared/app/ingest/sources/grafana.ts';
import { sampleEvent } from '../../../../helpers/events.ts';

const now = new Date('2026-11-22T23:00:00Z');

describe('the Grafana parser', () => {
  it("keeps each alert's own fingerprint and its values for triage", () => {
    const body = sampleEvent('grafana', 'firing');
    const sent = body.alerts as { fingerprint: string }[];
    const { alerts } = grafanaParser.parse(body, now);
    expect(alerts.map((a) => a.fingerprint)).toEqual(sent.map((a) => a.fingerprint));
    expect(alerts[0]?.source).toBe('grafana');
    expect(JSON.parse(alerts[0]?.details ?? '{}')).toHaveProperty('values');
    expect(alerts[0]?.endsAt).toBeUndefined();
  });

  it('reads a resolved notification as resolved alerts', () => {
    const { alerts } = grafanaParser.parse(sampleEvent('grafana', 'resolved'), now);
    expect(alerts).not.toHaveLength(0);
    expect(alerts.filter((a) => !(a.status === 'resolved' && a.endsAt !== undefined))).toEqual([]);
  });
});
