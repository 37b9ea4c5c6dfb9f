/** The console's API types are those of the API's current OpenAPI document: they cannot drift. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { consoleApiTypes } from '../api-types.ts';

it('matches the OpenAPI document (run npm run console:api after changing a route)', async () => {
  const checkedIn = readFileSync(join(import.meta.dirname, '..', 'src', 'api', 'schema.d.ts'), 'utf8');
  expect(checkedIn === (await consoleApiTypes())).toBe(true);
});
