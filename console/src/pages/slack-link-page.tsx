/**
 * Where an unlinked Slack user lands from the ephemeral reply to their click: signed in, the
 * one-time code in the URL links their Slack user to this principal. Posted once, on arrival.
 */
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ok, type Schemas } from '../api.ts';
import { ErrorNote, Loading } from '../components/states.tsx';
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
  // A code works once: a second render must not spend it again.
  const sent = useRef(false);
  useEffect(() => {
    if (code === '' || sent.current) return;
    sent.current = true;
    api
      .POST('/v1/integrations/slack/links', { body: { code } })
      .then((result) => setLink(ok(result)))
      .catch((error: unknown) => setFailure((error as Error).message));
  }, [api, code]);
  return (
    <section>
      <h1>Link your Slack account</h1>
      {failure !== undefined ? (
        <ErrorNote message={failure} />
      ) : link === undefined ? (
        <Loading what="the link" />
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
