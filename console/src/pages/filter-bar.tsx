/** Filters kept in the URL's query, so a filtered view is a link. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';

export interface FilterField {
  readonly name: string;
  readonly label: string;
  /** A choice of values; a free text field when absent. */
  readonly options?: readonly string[];
}

/** Time windows by name, in milliseconds. */
export const SINCE: Record<string, number> = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000 };

/** Typing is kept here and put in the URL once the user pauses, so a re-render never eats a keystroke. */
function TextFilter(props: { id: string; name: string; value: string; onCommit: (value: string) => void }) {
  const [text, setText] = useState(props.value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <input
      id={props.id}
      type="search"
      name={props.name}
      value={text}
      onInput={(event) => {
        const value = event.currentTarget.value;
        setText(value);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => props.onCommit(value.trim()), 400);
      }}
    />
  );
}

export function FilterBar({ fields }: { fields: readonly FilterField[] }) {
  const { path, query, route } = useLocation();
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value === '') next.delete(name);
    else next.set(name, value);
    const search = next.toString();
    route(search === '' ? path : `${path}?${search}`, true);
  };
  return (
    <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      {fields.map((field) => (
        <label key={field.name} for={`filter-${field.name}`}>
          <span>{field.label}</span>
          {field.options === undefined ? (
            <TextFilter
              id={`filter-${field.name}`}
              name={field.name}
              value={query[field.name] ?? ''}
              onCommit={(value) => set(field.name, value)}
            />
          ) : (
            <select
              id={`filter-${field.name}`}
              name={field.name}
              value={query[field.name] ?? ''}
              onChange={(event) => set(field.name, event.currentTarget.value)}
            >
              <option value="">any</option>
              {field.options.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          )}
        </label>
      ))}
    </form>
  );
}
