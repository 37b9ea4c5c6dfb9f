/**
 * Mints a development token with the local key.
 *   npm run token -- --tenant acme --roles approver,viewer [--sub alice] [--ttl 2h]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES } from '../shared/domain/roles.ts';
import { ensureDevKeys, mintDevToken } from './local/dev-keys.ts';

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
const keys = await ensureDevKeys(join(import.meta.dirname, '..', '.local', 'auth'));
console.log(await mintDevToken(keys, { tenant: values.tenant ?? 'demo', roles, subject: values.sub, expiresIn: values.ttl }));
