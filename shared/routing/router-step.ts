import type { TenantConfig } from '../config/tenant-config.ts';
import type { AlertRecord } from '../domain/alert-record.ts';
import type { Abstention, Proposal } from './decision.ts';

export interface RouteContext {
  readonly tenant: string;
  readonly alert: AlertRecord;
  readonly config: TenantConfig;
}

export interface StepResult {
  readonly proposal?: Proposal;
  readonly abstentions: readonly Abstention[];
}

/** One link of the router chain: it proposes a decision, or abstains and says why. */
export interface RouterStep {
  readonly name: string;
  decide(context: RouteContext): Promise<StepResult>;
}
