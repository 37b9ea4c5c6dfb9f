/**
 * Where an unlinked Slack user lands from the ephemeral reply to their click. Signed in, they
 * confirm, and the one-time code links that Slack user to this principal. Never on arrival: a
 * code someone else got (and sent you) would otherwise link *their* Slack user to *you*.
 */
import { useContext, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ok, type Schemas } from '../api.ts';
import { ErrorNote } from '../components/states.tsx';
import { AppContext } from '../context.ts';
import { localTime } from '../format.ts';

export function SlackLinkPage() {
  const { api, session } = useContext(AppContext);
  const { query } = useLocation();
  const code = query.code ?? '';
  const [link, setLink] = useState<Schemas['SlackLink'] | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(
    code === '' ? 'This page needs the link from Slack: it has no code.' : undefined,
  );
  const [busy, setBusy] = useState(false);
  // A code works once: a second press must not spend it again.
  const sent = useRef(false);
  const confirm = () => {
    if (code === '' || sent.current) return;
    sent.current = true;
    setBusy(true);
    api
      .POST('/v1/integrations/slack/links', { body: { code } })
      .then((result) => setLink(ok(result)))
      .catch((error: unknown) => setFailure((error as Error).message))
      .finally(() => setBusy(false));
  };
  return (
    <section>
      <h1>Link your Slack account</h1>
      {failure !== undefined ? (
        <ErrorNote message={failure} />
      ) : link === undefined ? (
        <div class="panel">
          <p>
            Linking lets <strong>the Slack account that received this link</strong> approve and reject as you,{' '}
            <strong>{session.name}</strong> ({session.roles.join(', ') || 'no role'}), for 30 days.
          </p>
          <p class="error">
            Only continue if you clicked a button in Slack yourself just now and this link came in the reply only you could see. If someone
            sent it to you, close this page.
          </p>
          <p class="actions">
            <button type="button" class="primary" disabled={busy} onClick={confirm}>
              {busy ? 'Linking…' : 'Link my Slack account'}
            </button>
          </p>
        </div>
      ) : (
        <div class="panel" role="status">
          <p>
            <strong>Linked.</strong> Slack user <code>{link.userId}</code> of workspace <code>{link.teamId}</code> now acts as{' '}
            <strong>{session.name}</strong> ({link.roles.join(', ') || 'no role'}) until {localTime(link.expiresAt)}.
          </p>
          <p>Go back to Slack and click again: votes from Slack are checked exactly as they are here.</p>
        </div>
      )}
    </section>
  );
}
