/** Counts the AWS API calls a client makes (by command), the items they write, and the time spent in them. */
import type { MiddlewareStack } from '@smithy/types';

function itemsWritten(command: string, input: unknown): number {
  if (input === null || typeof input !== 'object') return 0;
  if (command === 'PutItem' || command === 'UpdateItem' || command === 'DeleteItem') return 1;
  if (command === 'TransactWriteItems' && 'TransactItems' in input && Array.isArray(input.TransactItems)) return input.TransactItems.length;
  if (command === 'BatchWriteItem' && 'RequestItems' in input && input.RequestItems !== null && typeof input.RequestItems === 'object') {
    return Object.values(input.RequestItems).reduce(
      (sum: number, requests: unknown) => sum + (Array.isArray(requests) ? requests.length : 0),
      0,
    );
  }
  return 0;
}

export class AwsRequestCounter {
  readonly counts = new Map<string, number>();
  /** The same calls by who made them (the `scopeOf` given, e.g. the function running), then by `service:command`. */
  readonly byScope = new Map<string, Map<string, number>>();
  itemsWritten = 0;
  milliseconds = 0;
  /** Calls that failed, conditional writes that lost their race among them. */
  failed = 0;
  readonly #scopeOf: () => string;

  /** `scopeOf` names who is calling when a call starts; one scope for all calls by default. */
  constructor(scopeOf: () => string = () => '') {
    this.#scopeOf = scopeOf;
  }

  attach(client: { middlewareStack: Pick<MiddlewareStack<object, object>, 'add'> }, service: string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        const key = `${service}:${command}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        const scope = this.#scopeOf();
        const ofScope = this.byScope.get(scope) ?? new Map<string, number>();
        ofScope.set(key, (ofScope.get(key) ?? 0) + 1);
        this.byScope.set(scope, ofScope);
        this.itemsWritten += itemsWritten(command, 'input' in args ? args.input : undefined);
        const started = performance.now();
        try {
          return await next(args);
        } catch (error: unknown) {
          // A write that lost its race (or any failed call) still cost a round trip: counted apart.
          this.failed++;
          throw error;
        } finally {
          this.milliseconds += performance.now() - started;
        }
      },
      { step: 'initialize', name: `count-${service}-requests` },
    );
  }

  reset(): void {
    this.counts.clear();
    this.byScope.clear();
    this.itemsWritten = 0;
    this.milliseconds = 0;
    this.failed = 0;
  }

  total(prefix: string, commands: readonly string[]): number {
    return commands.reduce((sum, command) => sum + (this.counts.get(`${prefix}:${command}`) ?? 0), 0);
  }
}
