/**
 * "Correct this decision", for responders: the category, service, team or severity triage should
 * have given, and a note. The tenant's model learns from it at once; an admin can undo it.
 */
import { useContext, useState } from 'preact/hooks';
import { SEVERITIES } from '../../../shared/domain/alerts/alert.ts';
import { CATEGORIES } from '../../../shared/domain/triage/categories.ts';
import { RESPONDERS } from '../auth.ts';
import { AppContext } from '../context.ts';

export function CorrectionForm({
  alertId,
  current,
}: {
  alertId: string;
  current: { category: string; service?: string; team?: string; severity: string };
}) {
  const { api, session } = useContext(AppContext);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  if (!session.roles.some((role) => RESPONDERS.includes(role))) return null;

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => {
      const value = String(form.get(name) ?? '').trim();
      return value === '' ? undefined : value;
    };
    const changed = (name: 'category' | 'service' | 'team' | 'severity') => {
      const value = field(name);
      return value === undefined || value === current[name] ? {} : { [name]: value };
    };
    const body = {
      ...changed('category'),
      ...changed('service'),
      ...changed('team'),
      ...changed('severity'),
      ...(field('note') === undefined ? {} : { note: field('note') }),
    };
    if (Object.keys(body).filter((key) => key !== 'note').length === 0) {
      setFailure('Change at least one of category, service, team or severity.');
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await api.POST('/v1/alerts/{id}/corrections', { params: { path: { id: alertId } }, body: body as never });
      if (result.error === undefined) setDone(true);
      else setFailure(result.error.detail ?? `The correction was not saved (HTTP ${result.response.status}).`);
    } catch {
      setFailure('The correction could not be sent: check the connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  if (done) return <p role="status">Corrected. Similar alerts of this tenant are routed by it from now on.</p>;
  return (
    <details class="correction">
      <summary>Correct this decision</summary>
      <form onSubmit={submit} class="stack">
        <label>
          Category
          {/* `selected` on the option: Preact does not apply a select's defaultValue. */}
          <select name="category">
            {CATEGORIES.map((category) => (
              <option key={category} value={category} selected={category === current.category}>
                {category}
              </option>
            ))}
          </select>
        </label>
        <label>
          Service
          <input name="service" defaultValue={current.service ?? ''} maxLength={100} />
        </label>
        <label>
          Team
          <input name="team" defaultValue={current.team ?? ''} maxLength={100} />
        </label>
        <label>
          Severity
          <select name="severity">
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity} selected={severity === current.severity}>
                {severity}
              </option>
            ))}
          </select>
        </label>
        <label>
          Note (optional)
          <input name="note" maxLength={1000} />
        </label>
        {failure === undefined ? null : (
          <p role="alert" class="error">
            {failure}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save correction'}
        </button>
      </form>
    </details>
  );
}
