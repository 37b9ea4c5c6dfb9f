/** The tenant's corrections, newest first, for admins to review and undo. */
import { useContext, useState } from 'preact/hooks';
import { ok } from '../api.ts';
import { ErrorNote, Loaded } from '../components/states.tsx';
import { AppContext } from '../context.ts';
import { localTime } from '../format.ts';
import { useLive } from '../live/use-live.ts';

export function Corrections() {
  const { api } = useContext(AppContext);
  const live = useLive(
    async () => ok(await api.GET('/v1/triage/corrections', { params: { query: { limit: 100 } } })).items,
    ['alerts'],
    [],
  );
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const undo = async (id: string, alertName: string) => {
    if (
      !window.confirm(`Undo the correction of ${alertName}? Its alert gets the original decision back, and triage forgets what it taught.`)
    )
      return;
    const result = await api.DELETE('/v1/triage/corrections/{id}', { params: { path: { id } } });
    setFailure(result.error === undefined ? undefined : (result.error.detail ?? `Not undone (HTTP ${result.response.status}).`));
    live.reload();
  };
  return (
    <section class="panel" aria-label="Corrections">
      <h2>Corrections</h2>
      <p class="muted">What responders corrected, and what triage learned from it for this tenant.</p>
      {failure === undefined ? null : <ErrorNote message={failure} />}
      <Loaded live={live} what="corrections">
        {(corrections) =>
          corrections.length === 0 ? (
            <p class="muted">No corrections yet.</p>
          ) : (
            <ul class="plain">
              {corrections.map((correction) => (
                <li key={correction.id}>
                  <a href={`/alerts/${correction.alertId}`}>{correction.alertName}</a>:{' '}
                  {Object.entries(correction.set)
                    .map(([field, value]) => `${field} ${correction.original[field as keyof typeof correction.original] ?? '—'} → ${value}`)
                    .join(', ')}{' '}
                  <span class="muted">
                    by {correction.by} {localTime(correction.at)}
                    {correction.note === undefined ? '' : ` · “${correction.note}”`}
                  </span>{' '}
                  <button type="button" class="danger" onClick={() => void undo(correction.id, correction.alertName)}>
                    Undo
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
