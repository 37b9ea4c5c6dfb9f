import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRecord, parseJson, substitutePlaceholders } from './asl.ts';
import type { StateMachineSource } from './executions.ts';

/**
 * Reads every `<name>.asl.json` in `directory` (e.g. resources/statemachines), keyed by `<name>`,
 * with its `${Key}` placeholders replaced from `substitutions`; throws on a file that is not a JSON
 * object or a placeholder without a value.
 *
 * @example
 * const definitions = await readDefinitionFiles(join(root, 'resources', 'statemachines'), { RequestApprovalFunction: 'alertgate-dev-request-approval' });
 */
export async function readDefinitionFiles(
  directory: string,
  substitutions: Readonly<Record<string, string>> = {},
): Promise<Record<string, StateMachineSource>> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.asl.json')).sort();
  const definitions: Record<string, StateMachineSource> = {};
  for (const file of files) {
    const parsed = parseJson(await readFile(join(directory, file), 'utf8'));
    if (!isRecord(parsed)) throw new Error(`${file} is not a JSON object`);
    let definition: unknown;
    try {
      definition = substitutePlaceholders(parsed, substitutions);
    } catch (error: unknown) {
      throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!isRecord(definition)) throw new Error(`${file} is not a JSON object`);
    definitions[file.slice(0, -'.asl.json'.length)] = { definition };
  }
  return definitions;
}
