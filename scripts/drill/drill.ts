/** What every drill is and gives back, and the one way a drill runs a fault while alerts flow. */
import { flowAlerts, type SentNotification } from './alert-flow.ts';
import { type DrillFigures, deadLetterDepth, settle } from './drill-outcome.ts';
import type { DrillStack } from './drill-stack.ts';

export interface DrillCheck {
  readonly what: string;
  readonly ok: boolean;
  readonly detail?: string;
}

export interface DrillResult {
  readonly name: string;
  readonly fault: string;
  readonly figures: DrillFigures;
  /** The aims (0 lost, 0 duplicates, nothing refused for good) and what this drill adds. */
  readonly checks: readonly DrillCheck[];
}

/** How many alerts a drill sends: `full` for `npm run drill`, `small` for the bounded e2e tests. */
export type DrillSize = 'full' | 'small';

export interface Drill {
  readonly name: string;
  readonly fault: string;
  run(stack: DrillStack, size: DrillSize): Promise<DrillResult>;
}

export interface Flow {
  readonly notifications: number;
  readonly alertsPerNotification: number;
  readonly intervalMs: number;
  /** The fault starts once this many notifications have gone out. */
  readonly faultAfter: number;
}

export interface FaultRun {
  readonly tenant: string;
  readonly sent: readonly SentNotification[];
  readonly figures: DrillFigures;
}

let tenants = 0;
/** A tenant of its own for each drill, so that its chain and counts are its alone. */
export function drillTenant(name: string): string {
  tenants += 1;
  return `drill-${name}-${Date.now().toString(36)}-${tenants}`;
}

/**
 * Sends `flow`, starts `fault` once `flow.faultAfter` notifications are out, and settles once the
 * fault is over and the flow has been sent. `fault` resolves when the fault has ended.
 */
export async function runUnderFault(
  stack: DrillStack,
  tenant: string,
  flow: Flow,
  fault: () => Promise<void>,
  label = 'pod',
): Promise<FaultRun> {
  const dlqBefore = await deadLetterDepth(stack);
  let faultEnded: Promise<number> | undefined;
  const sent = await flowAlerts(stack, tenant, {
    ...flow,
    label,
    onSent: (n) => {
      if (n === flow.faultAfter) faultEnded = fault().then(() => Date.now());
    },
  });
  const faultEndedAt = (await faultEnded) ?? Date.now();
  const figures = await settle(stack, tenant, sent, {
    faultEndedAt,
    dlqBefore,
    deliveries: () => stack.hook.attempts,
  });
  return { tenant, sent, figures };
}

/** The aims every drill is held to. */
export function aims(figures: DrillFigures): DrillCheck[] {
  return [
    { what: 'nothing lost (sent = processed + in DLQ)', ok: figures.lost === 0, detail: `${figures.lost} lost` },
    {
      what: 'nothing refused for good (the sender got through in the end)',
      ok: figures.refused === 0,
      detail: `${figures.refused} refused`,
    },
    { what: 'no side effect twice', ok: figures.duplicates === 0, detail: figures.duplicateDetail.slice(0, 5).join('; ') || 'none' },
  ];
}
