/**
 * The roles a principal can hold. `ingest`, `metrics` (a scraper's: `GET /v1/metrics` only) and
 * `auditor` stand apart from the viewer ladder.
 */
import type { Source } from './alerts/alert.ts';

export const ROLES = ['ingest', 'metrics', 'viewer', 'responder', 'approver', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles that may read alerts: viewer and every role above it, plus auditors. */
export const READERS: readonly Role[] = ['viewer', 'responder', 'approver', 'admin', 'auditor'];

/** Roles that may send alerts: integration senders, and admins (the development token). */
export const SENDERS: readonly Role[] = ['ingest', 'admin'];

export const ADMINS: readonly Role[] = ['admin'];

/** Roles that may scrape the tenant's metrics: every reader, and integration keys with the metrics scope. */
export const METRICS_READERS: readonly Role[] = [...READERS, 'metrics'];

/** Roles that may read, verify and export the audit log. */
export const AUDITORS: readonly Role[] = ['auditor', 'admin'];

/** Who is calling: from a verified JWT or an integration key. */
export interface Principal {
  readonly subject: string;
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly via: 'jwt' | 'integration-key' | 'slack';
  /** An integration key's scope: the webhook sources it may post to (a JWT sender may post to any). */
  readonly sources?: readonly Source[];
  /** A JWT's expiry (epoch seconds): how long a live connection opened with it may be kept. */
  readonly expiresAt?: number;
}

/** The port that turns a bearer JWT into its principal, or throws UnauthorizedError. */
export type JwtVerifier = (token: string) => Promise<Principal>;

/** Roles that may ask for a remediation action: responder and every role above it. */
export const RESPONDERS: readonly Role[] = ['responder', 'approver', 'admin'];

/** Roles that may approve or reject a remediation. */
export const APPROVERS: readonly Role[] = ['approver', 'admin'];
