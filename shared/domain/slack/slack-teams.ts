/**
 * Which tenant answers for a Slack workspace: Slack's requests name only their `team.id`, and
 * the tenant comes from this register, never from anything else in the request.
 */
export interface SlackTeams {
  tenantOf(teamId: string): Promise<string | undefined>;
  /** `taken`: another tenant has the workspace. Claiming one's own again is `claimed`. */
  claim(teamId: string, tenant: string): Promise<'claimed' | 'taken'>;
  /** Lets the workspace go, if this tenant holds it. */
  release(teamId: string, tenant: string): Promise<void>;
}
