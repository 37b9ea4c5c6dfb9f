/**
 * A local emulator the launcher or a test run has started and must stop.
 *
 * `stop()` resolves once the service no longer holds its port, and is safe to call more than once.
 */
export type RunningService = {
  /** Base URL to give SDK clients as `endpoint`, e.g. `http://127.0.0.1:8123`. */
  endpoint: string;
  /** The OS process serving `endpoint` (the current process for in-process emulators). */
  pid: number;
  stop(): Promise<void>;
};
