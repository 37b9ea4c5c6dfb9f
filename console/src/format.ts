/** How times, durations and parameters read in the console. */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (iso === undefined) return '';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  // A few seconds ahead is clock skew or a stale tick, not the future.
  if (seconds < 5) return seconds < -60 ? `in ${duration(-seconds)}` : 'just now';
  return `${duration(seconds)} ago`;
}

export function duration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d`;
}

export const localTime = (iso: string | undefined) => (iso === undefined ? '' : new Date(iso).toLocaleString());

export const params = (values: Record<string, unknown>) =>
  Object.entries(values)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');

export const percent = (value: number) => `${Math.round(value * 100)}%`;
