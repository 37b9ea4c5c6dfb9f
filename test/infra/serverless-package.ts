/**
 * Runs `serverless package` offline on a copy of the service, so the infrastructure tests never
 * touch the working tree: serverless-esbuild builds in `<service>/.esbuild` and deletes that folder
 * when it is done, which would pull the bundles from under a `serverless offline` started from the
 * repository (the e2e tests, `npm start`) if both ran there at once.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Build output, local state and VCS data: nothing `serverless package` reads. */
const NOT_COPIED = new Set(['node_modules', '.git', '.serverless', '.esbuild', '.local', 'coverage', 'test-output']);

export interface PackagedService {
  /** The `--package` directory: the templates and one zip per function. */
  readonly packageDir: string;
  readonly durationMs: number;
  /** Deletes the copy and the package. */
  readonly remove: () => void;
}

export interface PackageOptions {
  readonly root: string;
  readonly stage: string;
  readonly timeoutMs: number;
  /** The deployer's settings (CONSOLE_ORIGIN, …), over this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

export async function packageService({ root, stage, timeoutMs, env }: PackageOptions): Promise<PackagedService> {
  const workDir = mkdtempSync(join(tmpdir(), 'alertgate-infra-'));
  const remove = () => rmSync(workDir, { recursive: true, force: true });
  const serviceDir = join(workDir, 'service');
  const packageDir = join(workDir, 'package');
  try {
    cpSync(root, serviceDir, {
      recursive: true,
      filter: (source) => source === root || !NOT_COPIED.has(source.slice(root.length + 1).split('/')[0] ?? ''),
    });
    // Plugins and bundled dependencies resolve from the service directory.
    symlinkSync(join(root, 'node_modules'), join(serviceDir, 'node_modules'), 'dir');
    const started = performance.now();
    // The node running the tests (24, via npx) runs serverless too, whatever `node` is on PATH.
    await run(
      process.execPath,
      [join(root, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'package', '--stage', stage, '--package', packageDir],
      {
        cwd: serviceDir,
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, ...env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', CI: '1' },
      },
    );
    return { packageDir, durationMs: performance.now() - started, remove };
  } catch (error) {
    remove();
    // execFile's error carries the child's output.
    const output =
      error instanceof Error && 'stdout' in error && 'stderr' in error ? `\n${String(error.stdout)}\n${String(error.stderr)}` : '';
    throw new Error(`serverless package failed${output.slice(-4000)}`, { cause: error });
  }
}
