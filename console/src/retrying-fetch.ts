/**
 * A fetch that asks again, a little later, when a read meets a passing failure: the network
 * dropped (a phone changing cell), the gateway answered for a function that crashed or timed out
 * (500 without the API's problem+json, 502, 504), or the API said a dependency is briefly away
 * (503, with `Retry-After`). A 500 in the API's own problem+json is a bug, and is not hidden.
 * Only reads are retried: a POST that may have reached the API is never sent twice from here.
 * Written here because it is a few lines over the platform's fetch, not worth a dependency.
 */

const READS = new Set(['GET', 'HEAD']);
const PASSING = new Set([502, 503, 504]);

function passing(response: Response): boolean {
  if (PASSING.has(response.status)) return true;
  return response.status === 500 && !(response.headers.get('content-type') ?? '').includes('problem+json');
}

export interface RetryOptions {
  /** Further tries after the first. */
  readonly retries?: number;
  /** The longest wait between tries, whatever `Retry-After` asks. */
  readonly maxWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

function waitFor(response: Response | undefined, attempt: number, maxWaitMs: number): number {
  const asked = Number(response?.headers.get('retry-after'));
  const ms = Number.isFinite(asked) && asked > 0 ? asked * 1_000 : 500 * 2 ** attempt;
  return Math.min(ms, maxWaitMs);
}

type Fetch = (request: Request, init?: RequestInit) => Promise<Response>;

export function retryingFetch(inner: Fetch, options: RetryOptions = {}): Fetch {
  const retries = options.retries ?? 2;
  const maxWaitMs = options.maxWaitMs ?? 5_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (request, init) => {
    if (!READS.has(request.method)) return inner(request, init);
    for (let attempt = 0; ; attempt += 1) {
      const last = attempt >= retries;
      let response: Response | undefined;
      try {
        response = await inner(request.clone(), init);
      } catch (error) {
        // An abort is the page's own doing (it left, or asked again): never retried.
        if (last || request.signal.aborted) throw error;
      }
      if (response !== undefined && (last || !passing(response))) return response;
      await response?.body?.cancel();
      await sleep(waitFor(response, attempt, maxWaitMs));
    }
  };
}
