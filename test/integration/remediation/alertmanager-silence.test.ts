import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AlertmanagerSilenceExecutor } from '../../../shared/adapters/executors/alertmanager-silence-executor.ts';
import { isTransientFailure } from '../../../shared/adapters/outbound-http/http-delivery.ts';
import { TargetBreakers } from '../../../shared/adapters/outbound-http/target-breakers.ts';
import { type RealAlertmanager, startRealAlertmanager } from '../../helpers/real-alertmanager.ts';
import { localFetch } from '../../support/local-egress.ts';
import { alertRecord, executionRequest, fakeSecrets } from '../../support/remediation-fixtures.ts';

const gettableSilences = z.array(
  z.object({
    id: z.string(),
    status: z.object({ state: z.string() }),
    matchers: z.array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() })),
    startsAt: z.string(),
    endsAt: z.string(),
    createdBy: z.string(),
    comment: z.string(),
  }),
);

let alertmanager: RealAlertmanager;

beforeAll(async () => {
  alertmanager = await startRealAlertmanager();
});
afterAll(async () => {
  await alertmanager?.stop();
});

function executor() {
  return new AlertmanagerSilenceExecutor({
    alertmanager: { url: alertmanager.url },
    fetch: localFetch,
    resolveSecret: fakeSecrets().resolve,
    breakers: new TargetBreakers(isTransientFailure),
    policy: { attemptTimeoutMs: 2_000, maxRetries: 2, initialDelayMs: 50, maxDelayMs: 200, budgetMs: 10_000 },
  });
}

async function silences() {
  const response = await fetch(`${alertmanager.url}/api/v2/silences`);
  expect(response.status).toBe(200);
  return gettableSilences.parse(await response.json());
}

describe('silencing an alert in a real Alertmanager', () => {
  it('creates an active silence matching exactly the alert labels, for the minutes asked', async () => {
    const request = executionRequest('silence_alert', { minutes: 45, comment: 'known maintenance' });
    const before = Date.now();

    const outcome = await executor().execute(request);

    expect(outcome).toMatchObject({ status: 'succeeded', executor: 'alertmanager', attempts: 1 });
    expect(outcome.externalId).toMatch(/^[0-9a-f-]{36}$/);
    const silence = (await silences()).find((candidate) => candidate.id === outcome.externalId);
    if (silence === undefined) throw new Error(`silence ${outcome.externalId} not listed`);
    expect(silence.status.state).toBe('active');
    expect(silence.createdBy).toBe('alertgate');
    expect(silence.comment).toBe('known maintenance (approval ap_01JXYZ, alert al_01JABCDEF, requested by user:alice@example.com)');
    const labels = Object.fromEntries(silence.matchers.map((matcher) => [matcher.name, matcher.value]));
    expect(labels).toEqual(request.alert.labels);
    expect(silence.matchers).not.toHaveLength(0);
    expect(silence.matchers.filter((matcher) => !(!matcher.isRegex && matcher.isEqual !== false))).toEqual([]);
    const minutes = (Date.parse(silence.endsAt) - Date.parse(silence.startsAt)) / 60_000;
    expect(minutes).toBeCloseTo(45, 0);
    expect(Date.parse(silence.startsAt)).toBeGreaterThanOrEqual(before - 1_000);
    expect(outcome.detail).toBe(`silence ${outcome.externalId} created until ${new Date(Date.parse(silence.endsAt)).toISOString()}`);
  });

  it('fails without retrying when Alertmanager refuses the silence', async () => {
    const alert = alertRecord({ labels: { 'not a label name': 'x' } });

    const outcome = await executor().execute(executionRequest('silence_alert', { minutes: 30 }, { alert }));

    expect(outcome).toMatchObject({ status: 'failed', error: 'answered 400', attempts: 1, response: { status: 400 } });
    expect(outcome.response?.bytes).toBeGreaterThan(0);
    expect(outcome.response?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
