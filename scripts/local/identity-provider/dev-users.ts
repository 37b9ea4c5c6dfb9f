/**
 * The development users of the embedded identity provider: tenant `demo`, one per role, and a
 * second approver for two-person approvals. Every password is `alertgate`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Role } from '../../../shared/domain/roles.ts';

export interface DevUser {
  readonly username: string;
  readonly name: string;
  readonly tenant: string;
  readonly roles: readonly Role[];
}

export const DEV_PASSWORD = 'alertgate';

export const DEV_USERS: readonly DevUser[] = [
  { username: 'alice', name: 'Alice Approver', tenant: 'demo', roles: ['approver'] },
  { username: 'bob', name: 'Bob Viewer', tenant: 'demo', roles: ['viewer'] },
  { username: 'carol', name: 'Carol Auditor', tenant: 'demo', roles: ['auditor'] },
  { username: 'dave', name: 'Dave Admin', tenant: 'demo', roles: ['admin'] },
  { username: 'erin', name: 'Erin Responder', tenant: 'demo', roles: ['responder'] },
  { username: 'frank', name: 'Frank Approver', tenant: 'demo', roles: ['approver'] },
];

export function devUser(username: string): DevUser | undefined {
  return DEV_USERS.find((user) => user.username === username);
}

/** The user whose name and password these are, or undefined; the password compared in constant time. */
export function signIn(username: string, password: string): DevUser | undefined {
  const user = devUser(username.trim().toLowerCase());
  const given = Buffer.from(password);
  const expected = Buffer.from(DEV_PASSWORD);
  const matches = given.length === expected.length && timingSafeEqual(given, expected);
  return matches ? user : undefined;
}
