/** An incident's or alert's history from the audit log, oldest first. */
import { localTime } from '../format.ts';

export interface TimelineEntry {
  readonly seq: number;
  readonly time: string;
  readonly type: string;
  readonly actor: string;
  readonly data: Record<string, unknown>;
}

function summary(entry: TimelineEntry): string {
  const data = entry.data;
  const parts = ['reason', 'comment', 'note', 'action', 'status', 'name'].flatMap((key) =>
    typeof data[key] === 'string' ? [`${key}: ${data[key]}`] : [],
  );
  return parts.join(' · ');
}

export function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  if (entries.length === 0) return <p class="muted">No history yet.</p>;
  return (
    <ol class="timeline" aria-label="Timeline">
      {entries.map((entry) => (
        <li key={entry.seq}>
          <time dateTime={entry.time}>{localTime(entry.time)}</time> <strong>{entry.type}</strong>{' '}
          <span class="muted">by {entry.actor}</span>
          <div class="muted">{summary(entry)}</div>
        </li>
      ))}
    </ol>
  );
}
