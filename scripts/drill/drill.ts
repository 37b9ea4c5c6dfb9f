/** What every drill is and gives back, and the one way a drill runs a fault while alerts flow. */
import { flowAlerts, type SentNotification } from './alert-flow.ts';
import { type DrillFigures, otherDeadLetterDepth, settle } from './drill-outcome.ts';
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

/** How many alerts a drill sends: `full` for `npm run drill`, `small` for the bounded tests (test/drills). */
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
  if (flow.faultAfter < 1 || flow.faultAfter > flow.notifications) throw new Error(`faultAfter must be within 1…${flow.notifications}`);
  const otherDeadLettersBefore = await otherDeadLetterDepth(stack);
  const deliveriesFrom = stack.hook.attempts.length;
  let faultEnded: Promise<{ at: number } | { error: unknown }> | undefined;
  const sent = await flowAlerts(stack, tenant, {
    ...flow,
    label,
    onSent: (n) => {
      // Caught at once (an unhandled rejection would end the process with the stack running), rethrown below.
      if (n === flow.faultAfter)
        faultEnded = fault().then(
          () => ({ at: Date.now() }),
          (error: unknown) => ({ error }),
        );
    },
  });
  const ended = (await faultEnded) ?? { at: Date.now() };
  if ('error' in ended) throw ended.error;
  const figures = await settle(stack, tenant, sent, {
    faultEndedAt: ended.at,
    otherDeadLettersBefore,
    deliveries: stack.hook.attempts.slice(deliveriesFrom),
  });
  return { tenant, sent, figures };
}

/** The aims every drill is held to. */
/** A drill's result: its figures, the aims every drill is held to, then its own checks. */
export function drillResult(drill: Pick<Drill, 'name' | 'fault'>, figures: DrillFigures, checks: readonly DrillCheck[]): DrillResult {
  return { name: drill.name, fault: drill.fault, figures, checks: [...aims(figures), ...checks] };
}

function aims(figures: DrillFigures): DrillCheck[] {
  return [
    { what: 'nothing lost (sent = processed + in DLQ)', ok: figures.lost === 0, detail: `${figures.lost} lost` },
    {
      what: 'nothing refused for good (the sender got through in the end)',
      ok: figures.refused === 0,
      detail: `${figures.refused} refused`,
    },
    { what: 'no side effect twice', ok: figures.duplicates === 0, detail: figures.duplicateDetail.slice(0, 5).join('; ') || 'none' },
    {
      what: 'every workflow started asked for its approval or recorded an outcome',
      ok: figures.unfinishedWorkflows.length === 0,
      detail: `${figures.unfinishedWorkflows.length} unfinished${figures.unfinishedWorkflows.length === 0 ? '' : `: ${figures.unfinishedWorkflows.slice(0, 3).join(', ')}`}`,
    },
    { what: 'nothing dead-lettered elsewhere (audit, Slack)', ok: figures.otherDeadLetters === 0, detail: `${figures.otherDeadLetters}` },
  ];
}
