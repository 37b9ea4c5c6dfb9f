import type { AlertRecord } from '../alerts/alert-record.ts';
import type { ActionHistory } from '../stats/action-history.ts';
import type { TenantConfig } from '../tenants/tenant-config.ts';
import type { Abstention, Proposal } from './decision.ts';
import type { TenantModel } from './learning/tenant-model.ts';

export interface RouteContext {
  readonly tenant: string;
  readonly alert: AlertRecord;
  readonly config: TenantConfig;
  /** What the tenant learned from its corrections (absent: nothing to apply). */
  readonly learned?: TenantModel;
  /** What became of the tenant's past actions, by alert name (absent: nothing known). */
  readonly outcomes?: ActionHistory;
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
