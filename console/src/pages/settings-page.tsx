/**
 * Settings (admin): the tenant configuration, edited as a form or as JSON, saved with If-Match so
 * a concurrent change is a 412 to resolve, not a silent overwrite; each schema error of the API
 * shown next to its field. Then the integration keys.
 */
import { useContext, useEffect, useState } from 'preact/hooks';
import { ok, type Problem, type Schemas } from '../api.ts';
import { ADMINS, hasRole } from '../auth.ts';
import { type FieldError, type Json, JsonForm } from '../components/json-form.tsx';
import type { JsonSchema, SchemaIndex } from '../components/json-skeleton.ts';
import { ErrorNote, Loaded } from '../components/states.tsx';
import { AppContext } from '../context.ts';
import { useLive } from '../live/use-live.ts';
import { Corrections } from './corrections.tsx';
import { IntegrationKeys } from './integration-keys.tsx';
import { NotificationTargets } from './notification-targets.tsx';

type Targets = Parameters<typeof NotificationTargets>[0]['targets'];

function targetsOf(config: Json): Targets {
  const notifications = (config as { notifications?: { targets?: Targets } } | null)?.notifications;
  return notifications?.targets ?? [];
}

interface LoadedConfig {
  readonly config: Json;
  readonly version: number;
  readonly etag: string | undefined;
}

/** Loaded once: nothing reloads it under the admin's edits; a concurrent save is the API's 412. */
/** The tenant configuration's JSON Schema, from the API's OpenAPI document: lists in the form take new items from it. */
function useConfigSchema() {
  const { api } = useContext(AppContext);
  const [schema, setSchema] = useState<{ root: JsonSchema; index: SchemaIndex } | undefined>(undefined);
  useEffect(() => {
    api
      .GET('/v1/openapi.json')
      .then(({ data }) => {
        const index = (data as { components?: { schemas?: SchemaIndex } } | undefined)?.components?.schemas;
        const root = index?.TenantConfig;
        if (index !== undefined && root !== undefined) setSchema({ root, index });
      })
      // Without it the form still edits every value; lists grow through Edit as JSON.
      .catch(() => undefined);
  }, [api]);
  return schema;
}

function ConfigEditor({ loaded }: { loaded: LoadedConfig }) {
  const { api, session } = useContext(AppContext);
  const schema = useConfigSchema();
  const [draft, setDraft] = useState<Json>(loaded.config);
  const [raw, setRaw] = useState<string | undefined>(undefined);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' } | undefined>(undefined);
  const [etag, setEtag] = useState(loaded.etag);
  const [version, setVersion] = useState(loaded.version);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  // What is stored: only a saved target can be tested.
  const [stored, setStored] = useState<Json>(loaded.config);

  const loadTheirs = async () => {
    const result = await api.GET('/v1/tenants/{tenant}/config', { params: { path: { tenant: session.tenant } } });
    if (result.error !== undefined) return setMessage({ text: result.error.detail, kind: 'error' });
    setDraft(result.data.config as Json);
    setRaw(undefined);
    setErrors([]);
    setEtag(result.response.headers.get('etag') ?? undefined);
    setVersion(result.data.version);
    setStored(result.data.config as Json);
    setConflict(false);
    setMessage({ text: `Loaded version ${result.data.version}; apply your changes again.`, kind: 'ok' });
  };

  const toggleRaw = () => {
    if (raw === undefined) return setRaw(JSON.stringify(draft, null, 2));
    // Back to the form with what was typed, when it parses; else stay and say why.
    try {
      setDraft(JSON.parse(raw) as Json);
      setRaw(undefined);
    } catch (error) {
      setMessage({ text: `The JSON does not parse: ${(error as Error).message}`, kind: 'error' });
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    let body = draft;
    if (raw !== undefined) {
      try {
        body = JSON.parse(raw) as Json;
      } catch (error) {
        setMessage({ text: `The JSON does not parse: ${(error as Error).message}`, kind: 'error' });
        return;
      }
    }
    setBusy(true);
    const result = await api.PUT('/v1/tenants/{tenant}/config', {
      params: { path: { tenant: session.tenant }, header: etag === undefined ? {} : { 'If-Match': etag } },
      // The form edits plain JSON; the API validates it and answers each field's error.
      body: body as unknown as Schemas['TenantConfig'],
    });
    setBusy(false);
    if (result.error === undefined) {
      setErrors([]);
      setDraft(body);
      setEtag(result.response.headers.get('etag') ?? undefined);
      setVersion(result.data.version);
      setStored(body);
      setMessage({ text: `Saved as version ${result.data.version}.`, kind: 'ok' });
      return;
    }
    const problem = result.error as Problem;
    setConflict(result.response.status === 412);
    setErrors(problem.errors ?? []);
    setDraft(body);
    setMessage({
      text:
        result.response.status === 412
          ? 'Someone else saved the configuration since you loaded it. Your edits are kept here; load theirs, then apply yours again.'
          : (problem.detail ?? `The configuration was not saved (HTTP ${result.response.status}).`),
      kind: 'error',
    });
  };

  return (
    <form class="settings" onSubmit={(event) => void save(event)} noValidate>
      <p class="muted">Version {version}. Secrets are references (env:, ssm:, secretsmanager:), never values.</p>
      <p class="actions">
        <button type="button" onClick={toggleRaw}>
          {raw === undefined ? 'Edit as JSON' : 'Edit as a form'}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        {conflict ? (
          <button type="button" onClick={() => void loadTheirs()}>
            Load their version
          </button>
        ) : null}
      </p>
      {message === undefined ? null : message.kind === 'ok' ? (
        <p role="status" class="saved">
          {message.text}
        </p>
      ) : (
        <ErrorNote message={message.text} />
      )}
      {raw === undefined ? (
        <JsonForm value={draft} errors={errors} onChange={setDraft} {...(schema === undefined ? {} : { schema })} />
      ) : (
        <label class="raw">
          <span>Configuration (JSON)</span>
          <textarea rows={30} value={raw} onInput={(event) => setRaw(event.currentTarget.value)} spellcheck={false} />
          {errors.length === 0 ? null : (
            <ul class="field-errors" role="alert">
              {errors.map((error) => (
                <li key={error.field + error.message}>
                  <code>{error.field}</code>: {error.message}
                </li>
              ))}
            </ul>
          )}
        </label>
      )}
      <NotificationTargets targets={targetsOf(stored)} />
    </form>
  );
}

export function SettingsPage() {
  const { api, session } = useContext(AppContext);
  const live = useLive(
    async (): Promise<LoadedConfig> => {
      const result = await api.GET('/v1/tenants/{tenant}/config', { params: { path: { tenant: session.tenant } } });
      const data = ok(result);
      return { config: data.config as Json, version: data.version, etag: result.response.headers.get('etag') ?? undefined };
    },
    [],
    [session.tenant],
  );
  if (!hasRole(session, ADMINS)) return <ErrorNote message="Settings are for admins." />;
  return (
    <section>
      <h1>Settings · tenant {session.tenant}</h1>
      <Loaded live={live} what="the configuration">
        {(loaded) => <ConfigEditor loaded={loaded} />}
      </Loaded>
      <IntegrationKeys />
      <Corrections />
    </section>
  );
}
