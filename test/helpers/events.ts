import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** A sample event from `events/<source>/<variant>.json`, fresh for each call. */
export function sampleEvent(source: string, variant: string): Record<string, unknown> {
  return structuredClone(JSON.parse(readFileSync(join(root, 'events', source, `${variant}.json`), 'utf8')));
}

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(root, 'test', 'fixtures', name), 'utf8'));
}
