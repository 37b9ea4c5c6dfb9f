/**
 * npm run drill — runs the fault drills against a local stack of their own while alerts flow, and
 * prints per drill: alerts sent, processed, in the DLQ, lost, side effects done twice, and the
 * recovery time (from the fault's end to the last alert decided). Exits 1 when an aim is missed.
 *   npm run drill [-- [--only sqs-outage,llm-timeouts] [--small]]
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DrillResult } from './drill.ts';
import { startDrillStack } from './drill-stack.ts';
import { DRILLS } from './drills/index.ts';

const { values } = parseArgs({ options: { only: { type: 'string' }, small: { type: 'boolean', default: false } } });
const only = values.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !DRILLS.some((drill) => drill.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`No drill ${unknown.join(', ')}; the drills are: ${DRILLS.map((drill) => drill.name).join(', ')}`);
  process.exit(2);
}
const log = join(import.meta.dirname, '..', '..', 'test-output', 'drill.log');
mkdirSync(dirname(log), { recursive: true });
writeFileSync(log, '');

console.log(`Starting a local stack for the drills (its output goes to ${log})…`);
const stack = await startDrillStack({ log: (chunk) => appendFileSync(log, chunk) });
const results: DrillResult[] = [];
try {
  for (const drill of DRILLS.filter((candidate) => only === undefined || only.includes(candidate.name))) {
    console.log(`\n▶ ${drill.name}: ${drill.fault}`);
    const result = await drill.run(stack, values.small ? 'small' : 'full');
    results.push(result);
    for (const check of result.checks)
      console.log(`  ${check.ok ? '✓' : '✗'} ${check.what}${check.detail === undefined ? '' : ` (${check.detail})`}`);
  }
} finally {
  await stack.stop();
}

console.log('\n| drill | sent | processed | in DLQ | lost | duplicates | unfinished workflows | other DLQs | sender retries | recovery |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const { name, figures: f } of results) {
  const recovery = (f.recoveryMs / 1000).toFixed(1);
  console.log(
    `| ${name} | ${f.sent} | ${f.processed} | ${f.inDlq} | ${f.lost} | ${f.duplicates} | ${f.unfinishedWorkflows.length} | ${f.otherDeadLetters} | ${f.retries} | ${recovery} s |`,
  );
}
const missed = results.flatMap((result) => result.checks.filter((check) => !check.ok).map((check) => `${result.name}: ${check.what}`));
console.log(missed.length === 0 ? '\nEvery aim met: 0 lost, 0 duplicate side effects.' : `\nAims missed:\n  ${missed.join('\n  ')}`);
process.exit(missed.length === 0 ? 0 : 1);
