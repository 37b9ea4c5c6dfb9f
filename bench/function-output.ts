/**
 * What the functions print, as CloudWatch Logs would ingest it: each line written to stdout or
 * stderr while a function runs (`scopeOf` names it) is counted, by function, as an EMF line
 * (a JSON object with an `_aws` member: Powertools Metrics) or a log line (Powertools Logger's
 * JSON), and kept off the terminal. Anything written outside a function goes through.
 */
import type { Invocation } from './in-process-lambdas.ts';

export interface PrintedLines {
  emfLines: number;
  emfBytes: number;
  logLines: number;
  logBytes: number;
}

type Write = typeof process.stdout.write;
type WriteCallback = (error?: Error | null) => void;

function isEmf(line: string): boolean {
  if (!line.startsWith('{') || !line.includes('"_aws"')) return false;
  try {
    const parsed: unknown = JSON.parse(line);
    return parsed !== null && typeof parsed === 'object' && '_aws' in parsed;
  } catch {
    return false;
  }
}

/** At most this many warning and error lines are kept to show. */
const KEPT_PROBLEMS = 20;

/**
 * The bytes of the lines Lambda itself writes for an invocation (Text log format): START, END and
 * REPORT, rebuilt with its request id and duration. (Tracing adds an XRAY line to sampled ones: not counted.)
 */
export function lambdaPlatformLines(invocation: Invocation, memoryMb: number): number {
  const { requestId, milliseconds } = invocation;
  return [
    `START RequestId: ${requestId} Version: $LATEST`,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${milliseconds.toFixed(2)} ms\tBilled Duration: ${Math.ceil(milliseconds)} ms\t` +
      `Memory Size: ${memoryMb} MB\tMax Memory Used: 150 MB\t`,
  ].reduce((sum, line) => sum + Buffer.byteLength(line), 0);
}

export class FunctionOutput {
  readonly byScope = new Map<string, PrintedLines>();
  /** The first warning and error lines the functions logged, to show after the run. */
  readonly problems: string[] = [];
  readonly #scopeOf: () => string | undefined;
  readonly #restore: (() => void)[] = [];

  constructor(scopeOf: () => string | undefined) {
    this.#scopeOf = scopeOf;
  }

  /** Starts counting (and hiding) what functions print, until `stop`. */
  start(): void {
    for (const stream of [process.stdout, process.stderr]) {
      const original: Write = stream.write;
      const count = (chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | WriteCallback, callback?: WriteCallback) => {
        const encoding = typeof encodingOrCallback === 'function' ? undefined : encodingOrCallback;
        const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
        const scope = this.#scopeOf();
        if (scope === undefined) return original.call(stream, chunk, encoding, done);
        this.#tally(scope, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        if (done !== undefined) process.nextTick(done);
        return true;
      };
      stream.write = count;
      this.#restore.push(() => {
        stream.write = original;
      });
    }
  }

  stop(): void {
    for (const restore of this.#restore.splice(0)) restore();
  }

  reset(): void {
    this.byScope.clear();
    this.problems.length = 0;
  }

  #tally(scope: string, chunk: string): void {
    const printed = this.byScope.get(scope) ?? { emfLines: 0, emfBytes: 0, logLines: 0, logBytes: 0 };
    this.byScope.set(scope, printed);
    for (const line of chunk.split('\n')) {
      if (line === '') continue;
      const bytes = Buffer.byteLength(line);
      if (isEmf(line)) {
        printed.emfLines++;
        printed.emfBytes += bytes;
      } else {
        printed.logLines++;
        printed.logBytes += bytes;
        if (/"level":"(WARN|ERROR|CRITICAL)"/.test(line) && this.problems.length < KEPT_PROBLEMS) this.problems.push(`${scope}: ${line}`);
      }
    }
  }
}
