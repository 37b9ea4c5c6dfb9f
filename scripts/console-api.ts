/**
 * Writes the console's API types (console/src/api/schema.d.ts) from the OpenAPI document the API
 * serves, so the console and the API cannot drift: a unit test regenerates them and compares.
 *   npm run console:api
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleApiTypes } from '../console/api-types.ts';

const target = join(import.meta.dirname, '..', 'console', 'src', 'api', 'schema.d.ts');
writeFileSync(target, await consoleApiTypes());
console.log(`Wrote ${target}`);
