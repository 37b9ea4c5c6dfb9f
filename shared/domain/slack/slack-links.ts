/**
 * Linked Slack users: a Slack user acts in alertgate only as the principal they linked to, by
 * opening a one-time link code in the console while signed in. The link keeps the principal's
 * tenant, subject and roles as of that sign-in, and lapses after 30 days unless renewed.
 */
import type { Role } from '../roles.ts';

/** How long a link code may wait to be opened in the console. */
export const LINK_CODE_TTL_SECONDS = 10 * 60;
export const LINK_TTL_DAYS = 30;

export interface LinkCode {
  readonly tenant: string;
  readonly teamId: string;
  readonly userId: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

export interface SlackLink {
  readonly tenant: string;
  readonly teamId: string;
  readonly userId: string;
  /** The alertgate principal the Slack user acts as. */
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly linkedAt: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

/** The port to link codes and links. Every method is scoped by tenant. */
export interface SlackLinks {
  issueCode(hash: string, code: LinkCode): Promise<void>;
  /** Takes the code if it is this tenant's: a second redeemer, or another tenant, gets undefined (and the code stays for its own tenant). */
  redeemCode(hash: string, tenant: string): Promise<LinkCode | undefined>;
  save(link: SlackLink): Promise<void>;
  get(tenant: string, teamId: string, userId: string): Promise<SlackLink | undefined>;
  list(tenant: string): Promise<readonly SlackLink[]>;
  /** `false` when there was no such link. */
  remove(tenant: string, teamId: string, userId: string): Promise<boolean>;
}
