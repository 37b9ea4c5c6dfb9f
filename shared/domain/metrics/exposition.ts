/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: a few families of
 * counters, gauges and histograms rendered from stored numbers. A client library (prom-client)
 * keeps a registry of live metrics in a long-running process; here the numbers come from the
 * tenant's counters at each scrape, so only the rendering is needed.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface HistogramSample {
  readonly labels: Readonly<Record<string, string>>;
  /** Upper bounds, ascending, and the cumulative-free count of each bucket (one more: past the last bound). */
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

export type Family =
  | { readonly name: string; readonly help: string; readonly type: 'counter' | 'gauge'; readonly samples: readonly Sample[] }
  | { readonly name: string; readonly help: string; readonly type: 'histogram'; readonly samples: readonly HistogramSample[] };

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  for (const [name] of entries) if (!LABEL.test(name) || name.startsWith('__')) throw new Error(`bad label name ${name}`);
  return `{${entries.map(([name, value]) => `${name}="${escapeValue(value)}"`).join(',')}}`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function histogramLines(name: string, sample: HistogramSample): string[] {
  const lines: string[] = [];
  let cumulative = 0;
  sample.bounds.forEach((bound, i) => {
    cumulative += sample.counts[i] ?? 0;
    lines.push(`${name}_bucket${labelText({ ...sample.labels, le: number(bound) })} ${cumulative}`);
  });
  lines.push(`${name}_bucket${labelText({ ...sample.labels, le: '+Inf' })} ${sample.count}`);
  lines.push(`${name}_sum${labelText(sample.labels)} ${number(sample.sum)}`);
  lines.push(`${name}_count${labelText(sample.labels)} ${sample.count}`);
  return lines;
}

/** The exposition of `families`, in order; a family without samples keeps its HELP and TYPE. */
export function renderExposition(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!NAME.test(family.name)) throw new Error(`bad metric name ${family.name}`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    if (family.type === 'histogram') for (const sample of family.samples) lines.push(...histogramLines(family.name, sample));
    else for (const sample of family.samples) lines.push(`${family.name}${labelText(sample.labels)} ${number(sample.value)}`);
  }
  return `${lines.join('\n')}\n`;
}
