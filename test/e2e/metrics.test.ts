/**
 * GET /v1/metrics on the local stack, scraped by a real Prometheus with an integration key of the
 * metrics scope: the target is up, and the counters match the alerts this tenant sent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import type { LocalServer } from '../helpers/local-server-process.ts';
import { startRealPrometheus } from '../helpers/real-prometheus.ts';
import { eventually } from '../support/eventually.ts';

type Json = Record<string, unknown>;
const tenant = `e2e-metrics-${Date.now().toString(36)}`;
let prometheus: LocalServer | undefined;

afterAll(async () => {
  await prometheus?.stop();
});

async function key(admin: string, scopes: string[]): Promise<string> {
  const created = await call('POST', '/v1/integration-keys', {
    token: admin,
    json: { name: `scraper ${scopes.join('+')}`, sources: ['generic'], scopes },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.scopes).toEqual(scopes);
  return String(created.body.key);
}

async function metricsWith(bearer: string) {
  const response = await fetch(`${inject('alertgate').baseUrl}/v1/metrics`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('the metrics endpoint, scraped by Prometheus', () => {
  it("serves the tenant's counters to a metrics key and a reader, and to no one else", async () => {
    const admin = await tokenFor(tenant, ['admin', 'ingest']);
    const scraper = await key(admin, ['metrics']);
    const sender = await key(admin, ['webhooks']);
    for (const n of [1, 2, 3]) {
      const posted = await call('POST', '/v1/webhooks/generic', {
        token: sender,
        json: { name: `MetricsProbe${n}`, severity: 'warning', labels: { n: String(n) } },
      });
      expect(posted.status).toBe(202);
    }
    // The first again: a repeat, counted as updated.
    const repeat = await call('POST', '/v1/webhooks/generic', {
      token: sender,
      json: { name: 'MetricsProbe1', severity: 'warning', labels: { n: '1' } },
    });
    expect(repeat.status).toBe(202);
    // The metrics key cannot send alerts, nor the webhook key read metrics.
    expect((await call('POST', '/v1/webhooks/generic', { token: scraper, json: { name: 'X' } })).status).toBe(403);
    expect((await metricsWith(sender)).status).toBe(403);
    expect((await fetch(`${inject('alertgate').baseUrl}/v1/metrics`)).status).toBe(401);

    const served = await eventually('the counters to include the three alerts', async () => {
      const read = await metricsWith(scraper);
      return read.text.includes('alertgate_alerts_received_by_severity_total{severity="warning"} 3') ? read : undefined;
    });
    expect(served.status).toBe(200);
    expect(served.type).toContain('text/plain; version=0.0.4');
    expect(served.text).toContain('alertgate_alerts_received_total{source="generic",outcome="created"} 3');
    expect(served.text).toContain('alertgate_alerts_received_total{source="generic",outcome="updated"} 1');
    const viewer = await metricsWith(await tokenFor(tenant, ['viewer']));
    expect(viewer.status).toBe(200);
    // Another tenant's scrape shows nothing of this one.
    expect((await metricsWith(await tokenFor(`${tenant}-other`, ['viewer']))).text).not.toContain('alertgate_alerts_received_total{');

    prometheus = await startRealPrometheus({ url: `${inject('alertgate').baseUrl}/v1/metrics`, bearer: scraper });
    const target = await eventually('the scrape target to be up', async () => {
      const body = (await (await fetch(`${prometheus?.url}/api/v1/targets`)).json()) as { data: { activeTargets: Json[] } };
      const [first] = body.data.activeTargets;
      return first?.health === 'up' ? first : undefined;
    });
    expect(target.lastError).toBe('');
    const value = await eventually('the counter in Prometheus', async () => {
      const query = encodeURIComponent('alertgate_alerts_received_total{source="generic",outcome="created"}');
      const body = (await (await fetch(`${prometheus?.url}/api/v1/query?query=${query}`)).json()) as {
        data: { result: { value: [number, string] }[] };
      };
      return body.data.result[0]?.value[1];
    });
    expect(value).toBe('3');

    // Every query of the Grafana dashboard parses and runs on this Prometheus.
    const grafana = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'dashboards', 'grafana.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    for (const panel of grafana.panels)
      for (const { expr } of panel.targets) {
        const query = encodeURIComponent(expr.replaceAll('$job', '.*'));
        const answer = (await (await fetch(`${prometheus.url}/api/v1/query?query=${query}`)).json()) as { status: string; error?: string };
        expect(answer, `${panel.title}: ${expr}`).toMatchObject({ status: 'success' });
      }
  });
});
