import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // The console's components (console/src) are Preact.
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'console/test/**/*.test.{ts,tsx}'] },
      },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 180_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/emulators.global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/offline.global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        // One local stack of the drills' own (scripts/drill), its faults one after the other.
        test: {
          name: 'drills',
          include: ['test/drills/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
