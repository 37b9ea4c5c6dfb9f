/** The port for each tenant's daily LLM token budget (a soft cap, counted per UTC day). */
export interface TokenBudget {
  /** Whether the tenant has used less than `dailyLimit` tokens today (UTC). */
  canSpend(tenant: string, dailyLimit: number): Promise<boolean>;
  /** Adds tokens used to today's count. */
  spend(tenant: string, tokens: number): Promise<void>;
  /** Tokens used today. */
  used(tenant: string): Promise<number>;
}
