/**
 * Measures the keyless classifier as a Lambda runs it: bundled by esbuild (the model JSON inlined),
 * loaded in fresh Node processes (cold start), then timed per classification on the catalogue.
 *   npm run bench:classifier
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { loadCatalogue } from './catalogue.ts';

const COLD_STARTS = 7;
const ROUNDS = 20;

// Inside the repo (.local is git-ignored) so the bundle resolves zod from node_modules.
const scratch = join(import.meta.dirname, '..', '..', '.local');
mkdirSync(scratch, { recursive: true });
const dir = mkdtempSync(join(scratch, 'keyless-measure-'));
try {
  await build({
    entryPoints: [join(import.meta.dirname, '..', '..', 'shared', 'domain', 'triage', 'keyless', 'keyless-classifier.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    // zod stays outside so the figure is the classifier's own load; every handler imports zod anyway.
    external: ['zod'],
    outfile: join(dir, 'keyless.mjs'),
    logLevel: 'error',
  });
  const probe = join(dir, 'probe.mjs');
  writeFileSync(
    probe,
    "const t0 = performance.now();\nawait import('zod');\nconst t1 = performance.now();\nawait import('./keyless.mjs');\n" +
      'process.stdout.write(JSON.stringify([t1 - t0, performance.now() - t1]));\n',
  );
  const runs = Array.from(
    { length: COLD_STARTS },
    () => JSON.parse(execFileSync(process.execPath, [probe], { encoding: 'utf8' })) as [number, number],
  );
  const median = (values: number[]) => (values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0).toFixed(1);
  const own = runs.map(([, classifier]) => classifier);
  console.log(
    `Cold load of the bundled classifier (model JSON, validation, preparation), ${COLD_STARTS} fresh processes: ` +
      `median ${median(own)} ms, max ${Math.max(...own).toFixed(1)} ms; zod's own import before it: median ${median(runs.map(([zod]) => zod))} ms.`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const { classifyKeyless } = await import('../../shared/domain/triage/keyless/keyless-classifier.ts');
const inputs = loadCatalogue().map((alert) => alert.input);
for (const input of inputs) classifyKeyless(input);
const start = performance.now();
for (let round = 0; round < ROUNDS; round++) for (const input of inputs) classifyKeyless(input);
const micros = ((performance.now() - start) * 1000) / (ROUNDS * inputs.length);
console.log(`Classification: ${micros.toFixed(1)} µs per alert (warm, ${ROUNDS} × ${inputs.length} catalogue alerts).`);
