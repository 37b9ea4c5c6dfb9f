/** The tenant's notification targets, each with a test send that says how it went. */
import { useContext, useState } from 'preact/hooks';
import type { Schemas } from '../api.ts';
import { Empty } from '../components/states.tsx';
import { AppContext } from '../context.ts';

type Target = Schemas['TenantConfig']['notifications']['targets'][number];

function TestSend({ target }: { target: Target }) {
  const { api, session } = useContext(AppContext);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const send = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      const answer = await api.POST('/v1/tenants/{tenant}/notifications/test', {
        params: { path: { tenant: session.tenant } },
        body: { targetId: target.id },
      });
      if (answer.error !== undefined) setResult({ ok: false, text: answer.error.detail ?? `HTTP ${answer.response.status}` });
      else if (answer.data.ok)
        setResult({ ok: true, text: `Sent${answer.data.status === undefined ? '' : ` (HTTP ${answer.data.status})`}` });
      else setResult({ ok: false, text: `Failed after ${answer.data.attempts} attempt(s): ${answer.data.error ?? 'no reason given'}` });
    } catch {
      setResult({ ok: false, text: 'Could not reach alertgate: check the connection and try again.' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <li>
      <strong>{target.id}</strong>{' '}
      <span class="muted">
        {target.type} · {target.events.join(', ')}
      </span>{' '}
      <button type="button" disabled={busy} onClick={() => void send()}>
        {busy ? 'Sending…' : 'Send a test'}
      </button>{' '}
      {result === undefined ? null : (
        <span role="status" class={result.ok ? 'saved' : 'error'}>
          {result.ok ? '✓ ' : '✗ '}
          {result.text}
        </span>
      )}
    </li>
  );
}

export function NotificationTargets({ targets }: { targets: readonly Target[] }) {
  return (
    <section class="panel" aria-label="Notification targets">
      <h2>Notification targets</h2>
      {targets.length === 0 ? (
        <Empty>No targets: add one under notifications.targets, save, then test it here.</Empty>
      ) : (
        <ul class="plain">
          {targets.map((target) => (
            <TestSend key={target.id} target={target} />
          ))}
        </ul>
      )}
    </section>
  );
}
