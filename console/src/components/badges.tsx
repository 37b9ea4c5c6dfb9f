/** Severity, status and risk as words with a colour, never a colour alone. */
const ICONS: Record<string, string> = { critical: '▲▲', error: '▲', high: '▲', warning: '●', medium: '●', info: '○', low: '○' };

export function Badge({ kind, value }: { kind: 'severity' | 'status' | 'risk' | 'mode'; value: string }) {
  const icon = kind === 'severity' || kind === 'risk' ? ICONS[value] : undefined;
  return (
    <span class={`badge ${kind}-${value}`}>
      {icon === undefined ? null : (
        <span aria-hidden="true" class="icon">
          {icon}
        </span>
      )}
      {kind === 'risk' ? `${value} risk` : value}
    </span>
  );
}
