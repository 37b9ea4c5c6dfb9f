/** The triage consumer's use case on in-memory ports: decide once, act on it once, cancel on resolve. */
import { describe, expect, it } from 'vitest';
import { ingestWebhook } from '../../../../shared/app/ingest/ingest-webhook.ts';
import { handleTriageMessage } from '../../../../shared/app/triage/handle-triage-message.ts';
import type { TriageMessage } from '../../../../shared/domain/alerts/triage-message.ts';
import { DEFAULT_TENANT_CONFIG } from '../../../../shared/domain/tenants/tenant-config.ts';
import { keylessStep } from '../../../../shared/domain/triage/keyless/keyless-step.ts';
import { sampleEvent } from '../../../helpers/events.ts';
import { RecordingTriageQueue } from '../../../support/in-memory/queues.ts';
import { inMemoryRemediationDeps } from '../../../support/in-memory/remediation.ts';

const NOW = new Date('2026-12-01T10:00:00.000Z');

/** An alert ingested into the in-memory store, and the triage message ingest queued for it. */
async function setUp() {
  const remediation = inMemoryRemediationDeps(NOW);
  const queue = new RecordingTriageQueue();
  const triage = {
    alerts: remediation.deps.alerts,
    queue,
    audit: remediation.audit,
    log: remediation.deps.log,
    configOf: async () => DEFAULT_TENANT_CONFIG,
    steps: [keylessStep],
    incidents: remediation.deps.incidents,
    targets: remediation.deps.targets,
    now: () => NOW,
  };
  const ingested = await ingestWebhook(triage, 'acme', 'alertmanager', sampleEvent('alertmanager', 'firing-single'), 'c1', 'sender');
  const [event] = queue.sent;
  if (event === undefined) throw new Error('ingest queued nothing');
  const message: TriageMessage = {
    type: 'alert.firing',
    eventId: event.eventId,
    tenant: 'acme',
    alertId: event.alertId,
    revision: event.revision,
    correlationId: 'c1',
    sentAt: NOW.toISOString(),
  };
  return { deps: { triage, remediation: remediation.deps }, remediation, message, alertId: ingested.alerts[0]?.id ?? '' };
}

describe('handling a triage message', () => {
  it('decides a crash-looping pod and starts its remediation, once however often the message comes', async () => {
    const { deps, remediation, message, alertId } = await setUp();

    await handleTriageMessage(deps, message);
    await handleTriageMessage(deps, message);

    const alert = await deps.triage.alerts.get('acme', alertId);
    expect(alert?.decision).toMatchObject({ eventId: message.eventId, action: { name: 'restart_workload', mode: 'approval' } });
    expect(remediation.audit.events.filter((event) => event.type === 'triage.decided')).toHaveLength(1);
    // The second delivery finds the remediation on the alert: it starts (and claims) nothing again.
    expect(remediation.workflow.calls.map((call) => call.call)).toEqual(['start']);
    expect(remediation.workflow.executions).toHaveLength(1);
  });

  it('cancels the approval still waiting on the alert when it resolves', async () => {
    const { deps, remediation, message, alertId } = await setUp();
    await handleTriageMessage(deps, message);
    const execution = Object.keys((await deps.triage.alerts.get('acme', alertId))?.remediations ?? {})[0] ?? '';
    await remediation.approvals.create({
      tenant: 'acme',
      id: `ap-${execution}`,
      alertId,
      revision: 1,
      execution,
      action: { name: 'restart_workload', params: {} },
      risk: 'medium',
      requiredApprovals: 1,
      votes: [],
      status: 'pending',
      deadline: '2026-12-01T11:00:00.000Z',
      createdAt: NOW.toISOString(),
      source: 'triage',
      requestedBy: 'system',
      version: 1,
      taskToken: 'token-1',
    });

    await handleTriageMessage(deps, { ...message, type: 'alert.resolved', eventId: `${alertId}:1:resolution` });

    expect((await remediation.approvals.get('acme', `ap-${execution}`))?.status).toBe('cancelled');
    expect(remediation.workflow.calls.at(-1)).toEqual({ call: 'refuse', token: 'token-1', detail: 'AlertResolved' });
  });
});
