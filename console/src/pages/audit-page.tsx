/**
 * The audit log for auditors: entries with filters, the chain's verification (valid, or the
 * first invalid entry), exports for offline verification, the checkpoint keys and checkpoints.
 */
import { useContext, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { AUDIT_EVENT_TYPES } from '../../../shared/domain/audit/audit-event-types.ts';
import { type AuditEntry, ok, type Schemas } from '../api.ts';
import { Empty, ErrorNote, Loaded } from '../components/states.tsx';
import { AppContext } from '../context.ts';
import { localTime } from '../format.ts';
import { useLive } from '../live/use-live.ts';
import { download, exportChain } from './audit-export.ts';
import { FilterBar } from './filter-bar.tsx';

const TYPES: readonly AuditEntry['type'][] = AUDIT_EVENT_TYPES;

/** The pages a subject has in the console; the rest (executions, keys) are shown as ids. */
const SUBJECT_PAGES: Readonly<Record<string, string>> = { alertId: '/alerts/', approvalId: '/approvals/', incidentId: '/incidents/' };

function Subjects({ subjects }: { subjects: AuditEntry['subjects'] }) {
  return (
    <ul class="plain subjects">
      {Object.entries(subjects).map(([key, value]) => {
        const page = SUBJECT_PAGES[key];
        const label = key.replace(/Id$/, '');
        return (
          <li key={key}>
            {label} {page === undefined ? <code>{value}</code> : <a href={`${page}${encodeURIComponent(value)}`}>{value}</a>}
          </li>
        );
      })}
    </ul>
  );
}

function Verification() {
  const { api } = useContext(AppContext);
  const [verdict, setVerdict] = useState<Schemas['AuditVerdict'] | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const answer = ok(await api.GET('/v1/audit/verify'));
      // "Invalid" is an alarm: raise it only on a verdict that says so, never on an answer that is not one.
      const isVerdict = typeof answer.valid === 'boolean' && (answer.valid || typeof answer.firstInvalid?.seq === 'number');
      if (isVerdict) setVerdict(answer);
      else {
        setVerdict(undefined);
        setFailure('The API answered with something that is not a verification result. Verify again.');
      }
    } catch (error) {
      setFailure((error as Error).message);
    }
    setBusy(false);
  };
  const exportAs = async (format: 'ndjson' | 'csv') => {
    setFailure(undefined);
    try {
      download(await exportChain(api, format), `alertgate-audit.${format}`);
    } catch (error) {
      setFailure((error as Error).message);
    }
  };
  return (
    <section class="panel" aria-label="Verification">
      <h2>Chain</h2>
      <p class="actions">
        <button type="button" class="primary" disabled={busy} onClick={() => void verify()}>
          {busy ? 'Verifying…' : 'Verify the chain'}
        </button>
        <button type="button" onClick={() => void exportAs('ndjson')}>
          Export NDJSON
        </button>
        <button type="button" onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
      </p>
      {verdict === undefined ? null : (
        <p class={verdict.valid ? 'verdict valid' : 'verdict invalid'} role="status">
          {verdict.valid
            ? `✓ Valid: ${verdict.checked} entries checked${verdict.head === undefined ? '' : `, head seq ${verdict.head.seq}`}, ${verdict.checkpoints} signed checkpoint(s).`
            : `✗ Invalid at seq ${verdict.firstInvalid?.seq}: ${verdict.firstInvalid?.reason}`}
        </p>
      )}
      {failure === undefined ? null : <ErrorNote message={failure} />}
      <p class="muted">Offline: export NDJSON, fetch the public key and checkpoints, and run npm run audit:verify.</p>
    </section>
  );
}

function Checkpoints() {
  const { api } = useContext(AppContext);
  const live = useLive(
    async () => ({
      checkpoints: ok(await api.GET('/v1/audit/checkpoints'))
        .items.slice(-10)
        .reverse(),
      keys: ok(await api.GET('/v1/audit/public-key')).keys,
    }),
    [],
    [],
  );
  return (
    <section class="panel" aria-label="Checkpoints">
      <h2>Checkpoints and public key</h2>
      <Loaded live={live} what="checkpoints">
        {({ checkpoints, keys }) => (
          <>
            <p>
              Keys:{' '}
              {keys.map((key) => (
                <code key={key.kid}>
                  {key.kid} ({key.crv} {key.x})
                </code>
              ))}
            </p>
            {checkpoints.length === 0 ? (
              <Empty>No checkpoint yet.</Empty>
            ) : (
              <ul class="plain">
                {checkpoints.map((checkpoint) => (
                  <li key={checkpoint.seq}>
                    seq {checkpoint.seq} · {localTime(checkpoint.time)} · <code>{checkpoint.hash.slice(0, 16)}…</code> signed by{' '}
                    {checkpoint.keyId}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

export function AuditPage() {
  const { api } = useContext(AppContext);
  const { query } = useLocation();
  const filters = { type: query.type, actor: query.actor, subject: query.subject };
  const live = useLive(
    async () =>
      ok(
        await api.GET('/v1/audit', {
          params: {
            query: {
              limit: 100,
              ...(filters.type === undefined ? {} : { type: filters.type as AuditEntry['type'] }),
              ...(filters.actor === undefined || filters.actor === '' ? {} : { actor: filters.actor }),
              ...(filters.subject === undefined || filters.subject === '' ? {} : { subject: filters.subject }),
            },
          },
        }),
      ).items,
    ['audit'],
    [filters.type, filters.actor, filters.subject],
  );
  return (
    <section>
      <h1>Audit log</h1>
      <Verification />
      <FilterBar
        fields={[
          { name: 'type', label: 'Type', options: TYPES },
          { name: 'actor', label: 'Actor' },
          { name: 'subject', label: 'Subject id' },
        ]}
      />
      <Loaded live={live} what="the audit log">
        {(entries) =>
          entries.length === 0 ? (
            <Empty>No entries match.</Empty>
          ) : (
            <div class="scroll">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Seq</th>
                    <th scope="col">Time</th>
                    <th scope="col">Type</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Subjects</th>
                    <th scope="col">Hash</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr key={entry.seq}>
                      <td>{entry.seq}</td>
                      <td>{localTime(entry.time)}</td>
                      <td>{entry.type}</td>
                      <td>{entry.actor}</td>
                      <td>
                        <Subjects subjects={entry.subjects} />
                      </td>
                      <td>
                        <code>{entry.hash.slice(0, 12)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <Checkpoints />
    </section>
  );
}
