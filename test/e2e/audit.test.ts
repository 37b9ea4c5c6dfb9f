import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import { eventually } from '../support/eventually.ts';

const tenant = `e2e-audit-${Date.now().toString(36)}`;

function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return eventually(what, probe, { interval: 300 });
}

describe('the audit log, through the whole local stack', () => {
  it('records who sent an alert and what triage decided, in a chain that verifies and exports', async () => {
    const sender = await tokenFor(tenant, ['ingest'], 'alertmanager-prod');
    const auditor = await tokenFor(tenant, ['auditor'], 'auditor-ann');
    const posted = await call('POST', '/v1/webhooks/generic', { token: sender, json: { name: 'AuditedAlert', severity: 'warning' } });
    const alertId = (posted.body.alerts as { id: string }[])[0]?.id ?? '';

    // Received, decided, and the incident it opened.
    const entries = await until('the received, decided and incident entries', async () => {
      const page = await call('GET', `/v1/audit?subject=${alertId}`, { token: auditor });
      const items = page.body.items as { type: string; actor: string; seq: number }[];
      return items.length >= 3 ? items : undefined;
    });
    expect(entries.map((e) => e.type).sort()).toEqual(['alert.received', 'incident.opened', 'triage.decided']);
    expect(entries.find((e) => e.type === 'alert.received')?.actor).toBe('alertmanager-prod');
    expect(entries.find((e) => e.type === 'triage.decided')?.actor).toBe('system');

    const verify = await call('GET', '/v1/audit/verify', { token: auditor });
    expect(verify.body).toMatchObject({ valid: true, checked: 3, head: { seq: 3 } });

    const exported = await fetch(`${(await import('vitest')).inject('alertgate').baseUrl}/v1/audit/export?format=ndjson`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    const text = await exported.text();
    expect({ status: exported.status, type: exported.headers.get('content-type') }).toEqual({ status: 200, type: 'application/x-ndjson' });
    const lines = text.trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).seq)).toEqual([1, 2, 3]);

    // The auditor checks the export on their own machine, without the service.
    const dir = mkdtempSync(join(tmpdir(), 'alertgate-export-'));
    const file = join(dir, 'export.ndjson');
    writeFileSync(file, text);
    const cli = join(import.meta.dirname, '..', '..', 'scripts', 'audit-verify.ts');
    const valid = spawnSync(process.execPath, [cli, '--file', file], { encoding: 'utf8' });
    expect(valid.status).toBe(0);
    writeFileSync(file, text.replace('"alertmanager-prod"', '"somebody-else"'));
    const edited = spawnSync(process.execPath, [cli, '--file', file], { encoding: 'utf8' });
    expect(edited.status).toBe(1);
    expect(edited.stdout + edited.stderr).toMatch(/seq 1/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs checkpoints the auditor fetches with the public key, and proves the export with them offline', async () => {
    const sender = await tokenFor(tenant, ['ingest'], 'alertmanager-prod');
    const auditor = await tokenFor(tenant, ['auditor'], 'auditor-ann');
    await call('POST', '/v1/webhooks/generic', { token: sender, json: { name: 'CheckpointedAlert', severity: 'info' } });
    const head = await until('the new entries', async () => {
      const verdict = await call('GET', '/v1/audit/verify', { token: auditor });
      const seq = (verdict.body.head as { seq: number } | undefined)?.seq ?? 0;
      // Three entries for each alert: received, decided, and the incident it opened.
      return seq >= 6 ? seq : undefined;
    });
    // A checkpoint now, rather than at the next hourly run: the writer signs, the API never does.
    const signed = await call('POST', '/v1/audit/checkpoints', { token: auditor });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body).toMatchObject({ tenant, seq: head });
    expect((await call('POST', '/v1/audit/checkpoints', { token: auditor })).status).toBe(200);
    const checkpoints = await call('GET', '/v1/audit/checkpoints', { token: auditor });
    expect(checkpoints.status).toBe(200);
    expect(checkpoints.body.items).toEqual([expect.objectContaining({ tenant, seq: head, keyId: expect.any(String) })]);
    const publicKey = await call('GET', '/v1/audit/public-key');
    expect(publicKey.status).toBe(200);
    expect(publicKey.body.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' })]);
    expect((await call('GET', '/v1/audit/verify', { token: auditor })).body).toMatchObject({ valid: true, checked: head, checkpoints: 1 });

    const dir = mkdtempSync(join(tmpdir(), 'alertgate-offline-'));
    const exported = await fetch(`${inject('alertgate').baseUrl}/v1/audit/export?format=ndjson`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    const files = { export: join(dir, 'export.ndjson'), checkpoints: join(dir, 'checkpoints.json'), key: join(dir, 'jwks.json') };
    writeFileSync(files.export, await exported.text());
    writeFileSync(files.checkpoints, JSON.stringify(checkpoints.body));
    writeFileSync(files.key, JSON.stringify(publicKey.body));
    const cli = join(import.meta.dirname, '..', '..', 'scripts', 'audit-verify.ts');
    const args = ['--file', files.export, '--checkpoints', files.checkpoints, '--public-key', files.key];
    const proven = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    expect(proven.stdout).toContain('anchored by: 1 signed checkpoints');
    expect(proven.status).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows an auditor nothing of another tenant, and refuses viewers', async () => {
    const otherAuditor = await tokenFor(`${tenant}-other`, ['auditor']);
    expect((await call('GET', '/v1/audit', { token: otherAuditor })).body.items).toEqual([]);
    expect((await call('GET', '/v1/audit/verify', { token: otherAuditor })).body).toMatchObject({ valid: true, checked: 0 });
    const viewer = await tokenFor(tenant, ['viewer']);
    expect((await call('GET', '/v1/audit', { token: viewer })).status).toBe(403);
  });

  it('answers 400 for a bad filter', async () => {
    const auditor = await tokenFor(tenant, ['auditor']);
    const response = await call('GET', '/v1/audit?type=alert.exploded', { token: auditor });
    expect(response.status).toBe(400);
    expect(String(response.body.detail)).toMatch(/type/);
  });
});
