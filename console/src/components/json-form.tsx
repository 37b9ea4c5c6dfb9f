/**
 * A form over any JSON document: objects as fieldsets, arrays as numbered items, each value an
 * input labelled by its path, and each error of the API's problem+json shown next to the field it
 * names (`providers.0.baseUrl`), or next to the nearest part of the document that exists.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Each error keyed by the deepest path of the document it can be shown at. */
export function placeErrors(document: Json, errors: readonly FieldError[]): Map<string, string[]> {
  const placed = new Map<string, string[]>();
  for (const error of errors) {
    const segments = error.field === '' ? [] : error.field.split('.');
    let node: Json | undefined = document;
    const found: string[] = [];
    for (const segment of segments) {
      if (node === null || typeof node !== 'object' || !(segment in node)) break;
      node = (node as Record<string, Json>)[segment];
      found.push(segment);
    }
    const at = found.join('.');
    const message = at === error.field ? error.message : `${error.field.slice(at === '' ? 0 : at.length + 1)}: ${error.message}`;
    placed.set(at, [...(placed.get(at) ?? []), message]);
  }
  return placed;
}

function set(document: Json, path: readonly string[], value: Json): Json {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(document)) return document.map((item, index) => (String(index) === head ? set(item, rest, value) : item));
  const object = (document ?? {}) as Record<string, Json>;
  return { ...object, [head]: set(object[head] ?? null, rest, value) };
}

interface FieldProps {
  readonly value: Json;
  readonly path: readonly string[];
  readonly errors: Map<string, string[]>;
  readonly onChange: (path: readonly string[], value: Json) => void;
}

function Errors({ messages, id }: { messages: string[] | undefined; id: string }) {
  if (messages === undefined) return null;
  return (
    <ul class="field-errors" id={id} role="alert">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

function Field({ value, path, errors, onChange }: FieldProps) {
  const key = path.join('.');
  const id = `field-${key || 'root'}`;
  const messages = errors.get(key);
  const label = path.at(-1) ?? 'configuration';
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    return (
      <fieldset
        class={messages === undefined ? 'group' : 'group invalid'}
        aria-describedby={messages === undefined ? undefined : `${id}-errors`}
      >
        <legend>{Array.isArray(value) ? `${label} (${value.length})` : label}</legend>
        <Errors messages={messages} id={`${id}-errors`} />
        {entries.length === 0 ? <p class="muted">empty</p> : null}
        {entries.map(([child, item]) => (
          <Field key={child} value={item} path={[...path, child]} errors={errors} onChange={onChange} />
        ))}
      </fieldset>
    );
  }
  const described = messages === undefined ? undefined : `${id}-errors`;
  return (
    <div class={messages === undefined ? 'field' : 'field invalid'}>
      <label for={id}>{label}</label>
      {typeof value === 'boolean' ? (
        <input
          id={id}
          type="checkbox"
          checked={value}
          aria-describedby={described}
          onChange={(event) => onChange(path, event.currentTarget.checked)}
        />
      ) : (
        <input
          id={id}
          name={key}
          type="text"
          inputMode={typeof value === 'number' ? 'decimal' : undefined}
          value={value === null ? '' : String(value)}
          aria-invalid={messages === undefined ? undefined : 'true'}
          aria-describedby={described}
          onInput={(event) => {
            const text = event.currentTarget.value;
            onChange(path, typeof value === 'number' && text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text);
          }}
        />
      )}
      <Errors messages={messages} id={`${id}-errors`} />
    </div>
  );
}

export function JsonForm(props: { value: Json; errors: readonly FieldError[]; onChange: (value: Json) => void }) {
  const errors = placeErrors(props.value, props.errors);
  return <Field value={props.value} path={[]} errors={errors} onChange={(path, value) => props.onChange(set(props.value, path, value))} />;
}
