/**
 * What an action is, in one place: its name, default risk, the description people and the LLM
 * read, its params schema, the playbooks that propose it, how a dry run describes it, and which
 * live executor (if any) carries it out. Adding an action is one module like the ones beside
 * this file, and one line in registry.ts.
 */
import type * as z from 'zod';
import type { Labels } from '../alerts/alert.ts';
import type { Risk } from './risk.ts';

/** The live executors; an action without one runs as a dry run whatever the tenant's executor. */
export type LiveExecutor = 'alertmanager' | 'webhook' | 'ssm-automation';

/** A well-known alert pattern that proposes the action, with params filled from the alert's labels. */
export interface PlaybookRule {
  readonly id: string;
  /** Matched against the alert name (anchored, case-insensitive). */
  readonly alertNames: RegExp;
  readonly params: (labels: Labels) => Record<string, unknown> | undefined;
}

export interface ActionDefinition<P extends z.ZodType = z.ZodType> {
  readonly risk: Risk;
  /** The tenant's policy sets its risk; `risk` is only the default. */
  readonly tenantRisked?: boolean;
  readonly description: string;
  readonly params: P;
  /** "restart deployment payments/checkout-api": what a dry run says it would do. */
  readonly describe: (params: z.output<P>) => string;
  /**
   * What it acts on, from its params (`payments/deployment/checkout-api`): one execution per
   * tenant and target at a time. Without it an action's target is the alert it is for.
   */
  readonly target?: (params: z.output<P>) => string;
  readonly live?: LiveExecutor;
  /** In the order they are tried. */
  readonly playbooks?: readonly PlaybookRule[];
}

/** Declares an action; the identity function, there for the types. */
export function defineAction<P extends z.ZodType>(definition: ActionDefinition<P>): ActionDefinition<P> {
  return definition;
}

/** Alert names as an anchored, case-insensitive pattern. */
export function alertNames(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'i');
}
