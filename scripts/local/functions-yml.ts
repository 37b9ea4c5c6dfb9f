/**
 * The function definitions of resources/functions.yml, for the local stand-ins of what serverless
 * offline does not run (Step Functions tasks), and the names it gives the functions.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every function of resources/functions.yml by its key (`health`, `expireApprovals`, …). */
export async function readFunctionDefinitions(root: string): Promise<Record<string, Record<string, unknown>>> {
  const parsed: unknown = parse(await readFile(join(root, 'resources', 'functions.yml'), 'utf8'));
  if (!isRecord(parsed)) throw new Error('resources/functions.yml is not a map of functions');
  const functions: Record<string, Record<string, unknown>> = {};
  for (const [key, definition] of Object.entries(parsed)) {
    if (!isRecord(definition)) throw new Error(`resources/functions.yml: ${key} is not a function definition`);
    functions[key] = definition;
  }
  return functions;
}

/**
 * The name serverless gives the function `key`, the only one serverless-offline's Lambda port accepts
 * (it answers 404 to the bare key).
 *
 * @example
 * localFunctionName('dev', 'expireApprovals'); // → 'alertgate-dev-expireApprovals'
 */
export function localFunctionName(stage: string, key: string, service = 'alertgate'): string {
  return `${service}-${stage}-${key}`;
}
