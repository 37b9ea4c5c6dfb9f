/**
 * A form over any JSON document: objects as fieldsets, arrays as numbered items, each value an
 * input labelled by its path, and each error of the API's problem+json shown next to the field it
 * names (`providers.0.baseUrl`), or next to the nearest part of the document that exists. Given
 * the document's JSON Schema, lists take new items (started from the schema) and lose old ones.
 */
import { useState } from 'preact/hooks';
import { type Json, type JsonSchema, type SchemaIndex, schemaAt, skeletonOf } from './json-skeleton.ts';

export type { Json };

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
  /** The document's schema and its named schemas, when known. */
  readonly schema?: { readonly root: JsonSchema; readonly index: SchemaIndex };
}

/** Add and Remove for a list whose items the schema describes. */
function ListControls(props: {
  list: Json[];
  path: readonly string[];
  label: string;
  itemSchema: JsonSchema;
  max?: number;
  onChange: FieldProps['onChange'];
  index: SchemaIndex;
}) {
  const { list, path, label, itemSchema, max, onChange, index } = props;
  if (max !== undefined && list.length >= max) return <p class="muted">At most {max}.</p>;
  return (
    <button type="button" class="add" onClick={() => onChange(path, [...list, skeletonOf(itemSchema, index)])}>
      Add to {label}
    </button>
  );
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

/**
 * A number or text field that keeps what is typed ("1." on the way to "1.5") and the kind of value
 * it started with: a number field gives numbers (what does not parse goes to the API as typed, and
 * its error shows here), an empty field that held null gives null back.
 */
function ScalarInput(props: {
  id: string;
  name: string;
  value: string | number | null;
  invalid: boolean;
  describedBy: string | undefined;
  onChange: (value: Json) => void;
}) {
  const [kind] = useState(() => (props.value === null ? 'null' : typeof props.value));
  const [text, setText] = useState(props.value === null ? '' : String(props.value));
  return (
    <input
      id={props.id}
      name={props.name}
      type="text"
      inputMode={kind === 'number' ? 'decimal' : undefined}
      value={text}
      aria-invalid={props.invalid ? 'true' : undefined}
      aria-describedby={props.describedBy}
      onInput={(event) => {
        const typed = event.currentTarget.value;
        setText(typed);
        const number = Number(typed);
        if (kind === 'number') props.onChange(typed.trim() !== '' && Number.isFinite(number) ? number : typed);
        else if (kind === 'null') props.onChange(typed === '' ? null : typed);
        else props.onChange(typed);
      }}
    />
  );
}

function Field({ value, path, errors, onChange, schema }: FieldProps) {
  const key = path.join('.');
  const id = `field-${key || 'root'}`;
  const messages = errors.get(key);
  const label = path.at(-1) ?? 'configuration';
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    const node = schema === undefined ? undefined : schemaAt(schema.root, path, schema.index);
    const itemSchema = Array.isArray(value) && node?.items !== undefined ? node.items : undefined;
    return (
      <fieldset
        class={messages === undefined ? 'group' : 'group invalid'}
        aria-describedby={messages === undefined ? undefined : `${id}-errors`}
      >
        <legend>{Array.isArray(value) ? `${label} (${value.length})` : label}</legend>
        <Errors messages={messages} id={`${id}-errors`} />
        {entries.length === 0 && itemSchema === undefined ? <p class="muted">empty (add to it with Edit as JSON)</p> : null}
        {entries.map(([child, item]) => (
          // Keyed by the length too: after a removal every item starts again from its value, not from the inputs of the one before.
          <div key={`${entries.length}:${child}`} class={itemSchema === undefined ? undefined : 'list-item'}>
            <Field value={item} path={[...path, child]} errors={errors} onChange={onChange} {...(schema === undefined ? {} : { schema })} />
            {Array.isArray(value) && itemSchema !== undefined ? (
              <button
                type="button"
                class="link remove"
                onClick={() =>
                  onChange(
                    path,
                    value.filter((_, index) => String(index) !== child),
                  )
                }
              >
                Remove {label} {Number(child) + 1}
              </button>
            ) : null}
          </div>
        ))}
        {Array.isArray(value) && itemSchema !== undefined && schema !== undefined ? (
          <ListControls
            list={value}
            path={path}
            label={label}
            itemSchema={itemSchema}
            {...(node?.maxItems === undefined ? {} : { max: node.maxItems })}
            onChange={onChange}
            index={schema.index}
          />
        ) : null}
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
        <ScalarInput
          id={id}
          name={key}
          value={value}
          invalid={messages !== undefined}
          describedBy={described}
          onChange={(next) => onChange(path, next)}
        />
      )}
      <Errors messages={messages} id={`${id}-errors`} />
    </div>
  );
}

export function JsonForm(props: {
  value: Json;
  errors: readonly FieldError[];
  onChange: (value: Json) => void;
  schema?: { readonly root: JsonSchema; readonly index: SchemaIndex };
}) {
  const errors = placeErrors(props.value, props.errors);
  return (
    <Field
      value={props.value}
      path={[]}
      errors={errors}
      onChange={(path, value) => props.onChange(set(props.value, path, value))}
      {...(props.schema === undefined ? {} : { schema: props.schema })}
    />
  );
}
