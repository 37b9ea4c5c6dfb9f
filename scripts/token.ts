/**
 * Mints a development token for the CLI, as the local identity provider would issue it.
 *   npm run token -- --tenant acme --roles approver,viewer [--sub alice] [--ttl 2h]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES } from '../shared/domain/roles.ts';
import { ensureDevKeys, issuerFile, mintDevToken } from './local/dev-keys.ts';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string', default: 'demo' },
    roles: { type: 'string', default: 'admin' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '12h' },
  },
});

const roles = (values.roles ?? '')
  .split(',')
  .map((role) => role.trim())
  .filter(Boolean);
const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
if (unknown.length > 0) {
  console.error(`Unknown roles: ${unknown.join(', ')}. Roles: ${ROLES.join(', ')}`);
  process.exit(2);
}
// Signed with the key of `npm start`'s identity provider and in its name, so the API accepts it.
const keysDir = join(import.meta.dirname, '..', '.local', 'auth');
const issuer = existsSync(issuerFile(keysDir)) ? readFileSync(issuerFile(keysDir), 'utf8').trim() : undefined;
if (issuer === undefined) console.error('No issuer yet: run npm start first, then mint tokens for it.');
const keys = await ensureDevKeys(keysDir, issuer);
console.log(await mintDevToken(keys, { tenant: values.tenant ?? 'demo', roles, subject: values.sub, expiresIn: values.ttl }));
