/**
 * Each function's handler module, memory and timeout as deployed: resources/functions.yml, with
 * serverless.yml's `provider.memorySize` and `provider.timeout` where a function sets none.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isRecord, readFunctionDefinitions } from '../scripts/local/functions-yml.ts';

export interface FunctionSettings {
  /** The key in resources/functions.yml, e.g. `ingestWebhook`. */
  readonly key: string;
  /** The handler's module, from the repository root, e.g. `functions/http/ingest-webhook.ts`. */
  readonly module: string;
  /** The export the handler is. */
  readonly exportName: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
}

/** A `${self:a.b}` reference to serverless.yml itself, resolved; any other value as it is. */
function resolveSelf(value: unknown, serverless: Record<string, unknown>): unknown {
  const path = typeof value === 'string' ? /^\$\{self:([\w.]+)\}$/.exec(value)?.[1] : undefined;
  if (path === undefined) return value;
  return path.split('.').reduce<unknown>((at, key) => (isRecord(at) ? at[key] : undefined), serverless);
}

function positive(value: unknown, fallback: number, what: string): number {
  const number = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`${what} is not a positive number: ${String(value)}`);
  return number;
}

export async function readFunctionSettings(root: string): Promise<Map<string, FunctionSettings>> {
  const serverless: unknown = parse(await readFile(join(root, 'serverless.yml'), 'utf8'), {
    // CloudFormation's short forms, kept as text: only `provider` and `custom` are read here.
    customTags: ['!Sub', '!Ref', '!GetAtt'].map((tag) => ({ tag, resolve: (text: string) => text })),
  });
  if (!isRecord(serverless) || !isRecord(serverless.provider)) throw new Error('serverless.yml has no provider');
  const memoryMb = positive(serverless.provider.memorySize, 1024, 'provider.memorySize');
  const timeoutSeconds = positive(serverless.provider.timeout, 6, 'provider.timeout');
  const settings = new Map<string, FunctionSettings>();
  for (const [key, definition] of Object.entries(await readFunctionDefinitions(root))) {
    const handler = String(definition.handler ?? '');
    const dot = handler.lastIndexOf('.');
    if (dot <= 0) throw new Error(`resources/functions.yml: ${key} has no handler`);
    settings.set(key, {
      key,
      module: `${handler.slice(0, dot)}.ts`,
      exportName: handler.slice(dot + 1),
      memoryMb: positive(resolveSelf(definition.memorySize, serverless), memoryMb, `${key}.memorySize`),
      timeoutSeconds: positive(resolveSelf(definition.timeout, serverless), timeoutSeconds, `${key}.timeout`),
    });
  }
  return settings;
}
