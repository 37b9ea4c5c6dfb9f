/** Prometheus's own linter on what GET /v1/metrics serves: `promtool check metrics` (Debian's prometheus package). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderExposition } from '../../shared/domain/metrics/exposition.ts';
import { tenantFamilies } from '../../shared/domain/metrics/tenant-metrics.ts';
import { emptyStats } from '../../shared/domain/stats/tenant-stats.ts';
import { sampleStats } from '../support/metrics-fixtures.ts';

function promtool(text: string) {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error !== undefined) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the metrics exposition, checked by promtool', () => {
  it('passes for a busy tenant, label values from tenant data included', () => {
    expect(promtool(renderExposition(tenantFamilies(sampleStats(), { counted: 40, chained: 42 })))).toEqual({ status: 0, output: '' });
  });

  it('passes for a tenant with nothing counted yet', () => {
    expect(promtool(renderExposition(tenantFamilies(emptyStats(), { counted: 0, chained: 0 })))).toEqual({ status: 0, output: '' });
  });

  it('fails on a malformed exposition (the check can fail)', () => {
    expect(promtool('# TYPE broken counter\nbroken{le=} x\n').status).not.toBe(0);
  });
});
