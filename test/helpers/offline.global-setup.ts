/** Starts alertgate under serverless offline on the emulators, once for the end-to-end tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalAlertgate } from '../../scripts/local/alertgate-local.ts';
import type { DevKeys } from '../../scripts/local/dev-keys.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    alertgate: { baseUrl: string; keys: DevKeys };
  }
}

export default async function setup(project: TestProject) {
  const keysDir = mkdtempSync(join(tmpdir(), 'alertgate-e2e-keys-'));
  const alertgate = await startLocalAlertgate({ root: join(import.meta.dirname, '..', '..'), stage: 'e2e', keysDir });
  project.provide('alertgate', { baseUrl: alertgate.baseUrl, keys: alertgate.keys });
  return async () => {
    await alertgate.stop();
    rmSync(keysDir, { recursive: true, force: true });
  };
}
