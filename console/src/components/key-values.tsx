/** Labels, annotations and parameters as a two-column list. */
export function KeyValues({ values, label }: { values: Record<string, unknown>; label: string }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <p class="muted">No {label}.</p>;
  return (
    <dl class="kv" aria-label={label}>
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
