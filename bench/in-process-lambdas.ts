/**
 * The project's Lambda functions run in this process, as Lambda would run them: each handler
 * imported on its first invocation (its cold start, reading the environment then), called with
 * a Lambda context carrying its configured memory and timeout, one invocation at a time so each
 * one's measured duration is its own and not its neighbours' (separate instances in Lambda).
 * While one runs, `current()` names it, for meters that attribute calls and output.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { localFunctionName } from '../scripts/local/functions-yml.ts';
import type { FunctionSettings } from './function-settings.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface Invocation {
  readonly key: string;
  readonly requestId: string;
  readonly milliseconds: number;
}

function isHandler(value: unknown): value is Handler {
  return typeof value === 'function';
}

export class InProcessLambdas {
  readonly invocations: Invocation[] = [];
  readonly #settings: ReadonlyMap<string, FunctionSettings>;
  readonly #root: string;
  readonly #stage: string;
  readonly #running = new AsyncLocalStorage<{ readonly key: string; excludedMs: number; excluding: number; excludingSince: number }>();
  readonly #handlers = new Map<string, Promise<Handler>>();
  #queue: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  constructor(settings: ReadonlyMap<string, FunctionSettings>, options: { root: string; stage: string }) {
    this.#settings = settings;
    this.#root = options.root;
    this.#stage = options.stage;
  }

  settingsOf(key: string): FunctionSettings {
    const settings = this.#settings.get(key);
    if (settings === undefined) throw new Error(`No function ${key} in resources/functions.yml`);
    return settings;
  }

  /** The function running now, if any. */
  current(): string | undefined {
    return this.#running.getStore()?.key;
  }

  /**
   * Runs `work`, the bench's own instruments inside the running invocation, with its time left out
   * of the invocation's duration. Works that overlap (a function's parallel calls, each metered)
   * leave out the wall time they span, once: summed, they could exceed the invocation itself.
   */
  async excluding<T>(work: () => Promise<T>): Promise<T> {
    const running = this.#running.getStore();
    if (running === undefined) return work();
    if (running.excluding++ === 0) running.excludingSince = performance.now();
    try {
      return await work();
    } finally {
      if (--running.excluding === 0) running.excludedMs += performance.now() - running.excludingSince;
    }
  }

  /** No invocation running or waiting for its turn. */
  idle(): boolean {
    return this.#waiting === 0;
  }

  /** Runs the function `key` (resources/functions.yml) with `event`, after those already waiting. */
  invoke(key: string, event: unknown): Promise<unknown> {
    const settings = this.settingsOf(key);
    this.#waiting++;
    const run = this.#queue.then(async () => {
      try {
        const handler = await this.#handler(settings);
        const requestId = randomUUID();
        const started = performance.now();
        const running = { key, excludedMs: 0, excluding: 0, excludingSince: 0 };
        try {
          return await this.#running.run(running, () => handler(event, this.#context(settings, requestId, started)));
        } finally {
          this.invocations.push({ key, requestId, milliseconds: performance.now() - started - running.excludedMs });
        }
      } finally {
        this.#waiting--;
      }
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  reset(): void {
    this.invocations.length = 0;
  }

  #handler(settings: FunctionSettings): Promise<Handler> {
    let handler = this.#handlers.get(settings.key);
    if (handler === undefined) {
      handler = import(pathToFileURL(join(this.#root, settings.module)).href).then((module: unknown) => {
        const exported = module !== null && typeof module === 'object' ? Reflect.get(module, settings.exportName) : undefined;
        if (!isHandler(exported)) throw new Error(`${settings.module} exports no function ${settings.exportName}`);
        return exported;
      });
      this.#handlers.set(settings.key, handler);
    }
    return handler;
  }

  #context(settings: FunctionSettings, requestId: string, started: number): Context {
    const functionName = localFunctionName(this.#stage, settings.key);
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${functionName}`,
      memoryLimitInMB: String(settings.memoryMb),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `bench/[$LATEST]${requestId.replaceAll('-', '')}`,
      getRemainingTimeInMillis: () => Math.max(0, settings.timeoutSeconds * 1000 - (performance.now() - started)),
      done: () => {},
      fail: () => {},
      succeed: () => {},
    };
  }
}
