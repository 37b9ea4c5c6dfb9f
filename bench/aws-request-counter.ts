/** Counts the AWS API calls a client makes, by command, through an SDK middleware. */
import type { MiddlewareStack } from '@smithy/types';

export class AwsRequestCounter {
  readonly counts = new Map<string, number>();

  attach(client: { middlewareStack: Pick<MiddlewareStack<object, object>, 'add'> }, service: string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const key = `${service}:${String(context.commandName ?? 'unknown').replace(/Command$/, '')}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: `count-${service}-requests` },
    );
  }

  reset(): void {
    this.counts.clear();
  }

  total(prefix: string, commands: readonly string[]): number {
    return commands.reduce((sum, command) => sum + (this.counts.get(`${prefix}:${command}`) ?? 0), 0);
  }
}
