/**
 * The periods counters are kept for, and the key of each: an hour (`hour#2026-12-01T15`), a day
 * (`day#2026-12-01`), and all time (`total`, which also holds how far the chain is counted).
 * All UTC. Hours are kept long enough for the dashboard's hourly view; days for a year and more.
 */
export type Granularity = 'hour' | 'day';

export const TOTAL = 'total';
/**
 * The tenant's action history (approvals and failures by alert name and action) is an item of
 * its own, not part of all time's: it grows to about 130 KB, and only an outcome changes it, so
 * it is read and written only by the counting runs that count one.
 */
export const ACTION_HISTORY = 'actions';
export const RETENTION_DAYS: Readonly<Record<Granularity, number>> = { hour: 35, day: 800 };

export function periodKey(granularity: Granularity, time: string | Date): string {
  const iso = new Date(time).toISOString();
  return granularity === 'hour' ? `hour#${iso.slice(0, 13)}` : `day#${iso.slice(0, 10)}`;
}

/** Where a period starts, as an ISO time. */
export function periodStart(key: string): string {
  const [granularity, start] = key.split('#') as [Granularity, string];
  return granularity === 'hour' ? `${start}:00:00.000Z` : `${start}T00:00:00.000Z`;
}

/** The keys of the periods an event at `time` counts in; one whose time does not parse counts in all time only. */
export function periodsOf(time: string): readonly string[] {
  if (Number.isNaN(Date.parse(time))) return [TOTAL];
  return [periodKey('hour', time), periodKey('day', time), TOTAL];
}

const STEP_MS: Readonly<Record<Granularity, number>> = { hour: 3_600_000, day: 86_400_000 };

/** The keys of every period from the one holding `from` to the last one starting before `to`, oldest first. */
export function periodKeysBetween(granularity: Granularity, from: Date, to: Date): string[] {
  const step = STEP_MS[granularity];
  const keys: string[] = [];
  for (let t = Math.floor(from.getTime() / step) * step; t < to.getTime(); t += step) keys.push(periodKey(granularity, new Date(t)));
  return keys;
}
