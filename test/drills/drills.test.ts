/**
 * The fault drills of scripts/drill, small and bounded, on a local stack of their own: each must
 * lose nothing, do nothing twice, and show what its fault should show (see each drill's checks).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DrillStack, startDrillStack } from '../../scripts/drill/drill-stack.ts';
import { DRILLS } from '../../scripts/drill/drills/index.ts';

const LOG = join(import.meta.dirname, '..', '..', 'test-output', 'drill.log');

describe('fault drills while alerts flow', () => {
  let stack: DrillStack;
  beforeAll(async () => {
    mkdirSync(dirname(LOG), { recursive: true });
    writeFileSync(LOG, '');
    stack = await startDrillStack({ log: (chunk) => appendFileSync(LOG, chunk) });
  });
  afterAll(() => stack?.stop());

  for (const drill of DRILLS) {
    it(`${drill.name}: ${drill.fault}`, async () => {
      const result = await drill.run(stack, 'small');
      const missed = result.checks.filter((check) => !check.ok).map((check) => `${check.what} (${check.detail ?? ''})`);
      expect(missed, JSON.stringify(result.figures)).toEqual([]);
      expect(result.figures.sent).toBeGreaterThan(0);
      expect(result.figures.processed + result.figures.inDlq).toBe(result.figures.sent);
    });
  }
});
