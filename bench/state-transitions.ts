/**
 * Step Functions bills Standard workflows by state transition: one each time an execution
 * enters a state, retries included. The local endpoint keeps no history, so an execution's
 * transitions are counted from what it did: the Lambda calls its Task states made (in order),
 * placed in the definition by the function and the constant fields of the Task's Payload, and
 * the other states (Choice, Pass, Succeed…) on the definition's path before, between and after
 * them.
 */
import { isRecord } from '../scripts/local/step-functions/asl.ts';

/** One Lambda call an execution's Task state made. */
export interface TaskCall {
  readonly functionName: string;
  readonly payload: unknown;
}

type States = Record<string, Record<string, unknown>>;

function statesOf(definition: object): States {
  const states = isRecord(definition) && isRecord(definition.States) ? definition.States : {};
  return Object.fromEntries(Object.entries(states).flatMap(([name, state]) => (isRecord(state) ? [[name, state]] : [])));
}

/** Where a state may go next: Next, a Choice's branches and Default, its Catchers. */
function successors(state: Record<string, unknown>): string[] {
  const next: unknown[] = [state.Next, state.Default];
  for (const list of [state.Choices, state.Catch])
    if (Array.isArray(list)) for (const entry of list) next.push(isRecord(entry) ? entry.Next : undefined);
  return next.filter((name): name is string => typeof name === 'string');
}

/** Whether a Task state's call to this function with this payload is this state's: its constant Payload fields match. */
function isCallOf(state: Record<string, unknown>, call: TaskCall): boolean {
  const parameters = isRecord(state.Parameters) ? state.Parameters : {};
  if (parameters.FunctionName !== call.functionName) return false;
  const constants = isRecord(parameters.Payload) ? Object.entries(parameters.Payload).filter(([field]) => !field.endsWith('.$')) : [];
  return constants.every(([field, value]) => isRecord(call.payload) && call.payload[field] === value);
}

/**
 * The fewest states entered going from `from` (exclusive; the start when undefined) to `to`
 * (inclusive), through states that are not Tasks; to the end of the execution when `to` is undefined.
 */
function hops(states: States, startAt: string, from: string | undefined, to: string | undefined): number {
  const first = from === undefined ? [startAt] : successors(states[from] ?? {});
  const reached = (name: string) =>
    to === undefined ? states[name]?.End === true || ['Succeed', 'Fail'].includes(String(states[name]?.Type)) : name === to;
  if (from !== undefined && to === undefined && states[from]?.End === true) return 0;
  let frontier = first.map((name) => ({ name, entered: 1 }));
  const seen = new Set<string>();
  while (frontier.length > 0) {
    const found = frontier.find(({ name }) => reached(name));
    if (found !== undefined) return found.entered;
    frontier = frontier.flatMap(({ name, entered }) => {
      const state = states[name];
      if (state === undefined || seen.has(name) || state.Type === 'Task') return [];
      seen.add(name);
      return successors(state).map((next) => ({ name: next, entered: entered + 1 }));
    });
  }
  throw new Error(`No path through the definition from ${from ?? 'the start'} to ${to ?? 'an end'}`);
}

/** The state transitions of one execution that made `calls`, in order. */
export function stateTransitions(definition: object, calls: readonly TaskCall[]): number {
  const states = statesOf(definition);
  const startAt = isRecord(definition) && typeof definition.StartAt === 'string' ? definition.StartAt : '';
  let transitions = 0;
  let previous: string | undefined;
  for (const call of calls) {
    const state = Object.entries(states).find(([, candidate]) => candidate.Type === 'Task' && isCallOf(candidate, call))?.[0];
    if (state === undefined) throw new Error(`No Task state of the definition calls ${call.functionName} with this payload`);
    // The same state again straight after itself: a retry, one transition.
    transitions += state === previous ? 1 : hops(states, startAt, previous, state);
    previous = state;
  }
  return transitions + hops(states, startAt, previous, undefined);
}
