/** The ingest use case on in-memory ports: lifecycle, dedupe and the outbox, without Java. */
import { describe, expect, it } from 'vitest';
import type { IngestDeps } from '../../../../shared/app/ingest/ingest-alerts.ts';
import { ingestWebhook } from '../../../../shared/app/ingest/ingest-webhook.ts';
import { ServiceUnavailableError } from '../../../../shared/domain/errors.ts';
import { sampleEvent } from '../../../helpers/events.ts';
import { InMemoryAlertStore } from '../../../support/in-memory/alert-store.ts';
import { RecordingAuditLog, RecordingTriageQueue } from '../../../support/in-memory/queues.ts';
import { recordingLog } from '../../../support/recording-log.ts';

function deps(at = '2026-12-01T10:00:00.000Z') {
  const ports = {
    alerts: new InMemoryAlertStore(),
    queue: new RecordingTriageQueue(),
    audit: new RecordingAuditLog(),
    log: recordingLog(),
    now: () => new Date(at),
  };
  return ports satisfies IngestDeps;
}

const firing = () => sampleEvent('alertmanager', 'firing-single');
function resolvedCopy(body: Record<string, unknown>) {
  const copy = structuredClone(body) as { status: string; alerts: { status: string; endsAt: string }[] };
  copy.status = 'resolved';
  for (const alert of copy.alerts) {
    alert.status = 'resolved';
    alert.endsAt = '2026-12-01T10:05:00.000Z';
  }
  return copy;
}

describe('ingesting a webhook', () => {
  it('stores a new alert, queues it for triage once and audits its arrival', async () => {
    const ports = deps();
    const result = await ingestWebhook(ports, 'acme', 'alertmanager', firing(), 'c1', 'sender');

    expect(result.counts).toMatchObject({ created: 1, updated: 0 });
    expect(ports.queue.sent.map((event) => event.kind)).toEqual(['triage']);
    expect(ports.audit.events.map((event) => event.type)).toEqual(['alert.received']);
    const [alert] = result.alerts;
    expect((await ports.alerts.get('acme', alert?.id ?? ''))?.pending).toEqual({});
  });

  it('queues nothing new for a repeat, and counts it', async () => {
    const ports = deps();
    await ingestWebhook(ports, 'acme', 'alertmanager', firing(), 'c1', 'sender');
    const again = await ingestWebhook(ports, 'acme', 'alertmanager', firing(), 'c2', 'sender');

    expect(again.counts).toMatchObject({ created: 0, updated: 1 });
    expect(ports.queue.sent).toHaveLength(1);
    const stored = await ports.alerts.get('acme', again.alerts[0]?.id ?? '');
    expect(stored?.notifications).toBe(2);
  });

  it("adds each notification's counts by outcome to the received counters in one call, and ingests even when they fail", async () => {
    const added: unknown[] = [];
    const counter = {
      add: async (...args: unknown[]) => {
        added.push(args);
      },
      read: async () => [],
    };
    const ports = { ...deps(), received: counter };
    await ingestWebhook(ports, 'acme', 'alertmanager', firing(), 'c1', 'sender');
    await ingestWebhook(ports, 'acme', 'alertmanager', firing(), 'c2', 'sender');
    expect(added).toEqual([
      ['acme', 'alertmanager', { created: 1, updated: 0, resolved: 0, duplicate: 0 }],
      ['acme', 'alertmanager', { created: 0, updated: 1, resolved: 0, duplicate: 0 }],
    ]);

    const failing = { ...deps(), received: { ...counter, add: () => Promise.reject(new Error('throttled')) } };
    const result = await ingestWebhook(failing, 'acme', 'alertmanager', firing(), 'c3', 'sender');
    expect(result.counts.created).toBe(1);
    expect(failing.log.lines.map((line) => line.message)).toContain('received alerts not counted');
  });

  it('queues a resolution, then a new revision when the alert fires again', async () => {
    let now = '2026-12-01T10:00:00.000Z';
    const ports = { ...deps(), now: () => new Date(now) };
    await ingestWebhook(ports, 'acme', 'alertmanager', firing(), 'c1', 'sender');
    now = '2026-12-01T10:05:00.000Z';
    await ingestWebhook(ports, 'acme', 'alertmanager', resolvedCopy(firing()), 'c2', 'sender');
    now = '2026-12-01T10:30:00.000Z';
    const episode = structuredClone(firing()) as { alerts: { startsAt: string }[] };
    for (const alert of episode.alerts) alert.startsAt = '2026-12-01T10:29:00.000Z';
    const again = await ingestWebhook(ports, 'acme', 'alertmanager', episode, 'c3', 'sender');

    expect(again.alerts[0]).toMatchObject({ revision: 2, outcome: 'created' });
    expect(ports.queue.sent.map((event) => `${event.kind}@${event.revision}`)).toEqual(['triage@1', 'resolution@1', 'triage@2']);
  });

  it('keeps tenants apart: the same alert from two tenants is two alerts', async () => {
    const ports = deps();
    const a = await ingestWebhook(ports, 'acme', 'alertmanager', firing(), 'c1', 'sender');
    const b = await ingestWebhook(ports, 'globex', 'alertmanager', firing(), 'c2', 'sender');

    expect(b.counts.created).toBe(1);
    expect(await ports.alerts.get('globex', a.alerts[0]?.id ?? '')).toMatchObject({ tenant: 'globex' });
    expect(ports.queue.sent.map((event) => event.tenant)).toEqual(['acme', 'globex']);
  });

  it('answers 503 when the queue refuses, keeps the event owed, and sends it on the retry', async () => {
    const id = (await ingestWebhook(deps(), 'acme', 'alertmanager', firing(), 'probe', 'sender')).alerts[0]?.id ?? '';
    const ports = deps();
    ports.queue.refusing = new Set([`${id}:1:triage`]);

    await expect(ingestWebhook(ports, 'acme', 'alertmanager', firing(), 'c1', 'sender')).rejects.toThrow(ServiceUnavailableError);
    expect(Object.keys((await ports.alerts.get('acme', id))?.pending ?? {})).toEqual([`${id}:1:triage`]);
    expect(ports.queue.sent).toEqual([]);

    ports.queue.refusing = new Set();
    await ingestWebhook(ports, 'acme', 'alertmanager', firing(), 'c1-retry', 'sender');
    expect(ports.queue.sent.map((event) => event.eventId)).toEqual([`${id}:1:triage`]);
    expect((await ports.alerts.get('acme', id))?.pending).toEqual({});
  });
});
