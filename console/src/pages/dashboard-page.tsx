/**
 * The dashboard: alerts and incidents over time by severity or category, the noisiest alert
 * names and services, MTTA and MTTR, approval latency, actions by mode and outcome, LLM use and
 * who decides. One request to the aggregate endpoint, which reads counters, never alerts.
 */
import { useContext, useMemo } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { SEVERITIES } from '../../../shared/domain/alerts/alert.ts';
import { CATEGORIES } from '../../../shared/domain/triage/categories.ts';
import { ok, type Schemas } from '../api.ts';
import { BarChart, type Series } from '../components/bar-chart.tsx';
import { Empty, Loaded } from '../components/states.tsx';
import { AppContext } from '../context.ts';
import { duration, percent } from '../format.ts';
import { useLive } from '../live/use-live.ts';

type Dashboard = Schemas['Dashboard'];

const RANGES: Readonly<Record<string, { label: string; hours: number }>> = {
  '24h': { label: 'Last 24 hours', hours: 24 },
  '3d': { label: 'Last 3 days', hours: 72 },
  '7d': { label: 'Last 7 days', hours: 168 },
  '30d': { label: 'Last 30 days', hours: 720 },
  '90d': { label: 'Last 90 days', hours: 2160 },
};
const BREAKDOWNS = { severity: 'Severity', category: 'Category' } as const;
type Breakdown = keyof typeof BREAKDOWNS;

const SEVERITY_COLORS: Readonly<Record<string, string>> = { critical: '#a4000f', error: '#d9480f', warning: '#e8a300', info: '#4a78c2' };
// Distinct enough side by side, and named in the legend: the colour is never the only cue.
const PALETTE = ['#1f5fbf', '#d9480f', '#16683a', '#8a3ffc', '#e8a300', '#007d79', '#a4000f', '#6f6f6f', '#b28600', '#ee538b'];
const DECIDERS: Readonly<Record<string, string>> = { rule: 'Routing rules', llm: 'LLM providers', classifier: 'Keyless classifier' };

function periodLabel(iso: string, granularity: Dashboard['granularity']): string {
  const date = new Date(iso);
  return granularity === 'hour'
    ? date.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })
    : // Days are UTC days: labelled as such, not as the local date their midnight falls on.
      date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** The keys in a fixed order (severities, categories), then any others the counters hold. */
function keysOf(known: readonly string[], tallies: readonly Record<string, number>[]): string[] {
  const present = new Set(tallies.flatMap((tally) => Object.keys(tally)));
  return [...known.filter((key) => present.has(key)), ...[...present].filter((key) => !known.includes(key)).sort()];
}

function seriesOver(dashboard: Dashboard, of: 'alerts' | 'incidents', by: Breakdown): Series[] {
  const pick = (point: Dashboard['series'][number]) =>
    of === 'alerts'
      ? by === 'severity'
        ? point.alertsBySeverity
        : point.alertsByCategory
      : by === 'severity'
        ? point.incidentsBySeverity
        : point.incidentsByCategory;
  const tallies = dashboard.series.map(pick);
  const keys = keysOf(by === 'severity' ? SEVERITIES : CATEGORIES, tallies);
  return keys.map((key, index) => ({
    label: key,
    values: tallies.map((tally) => tally[key] ?? 0),
    color: (by === 'severity' ? SEVERITY_COLORS[key] : undefined) ?? PALETTE[index % PALETTE.length] ?? '#6f6f6f',
  }));
}

function seconds(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : duration(value);
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div class="figure">
      <dt>{label}</dt>
      <dd>
        <strong>{value}</strong>
        {note === undefined ? null : <span class="muted"> {note}</span>}
      </dd>
    </div>
  );
}

function Ranked({ title, items, empty }: { title: string; items: Dashboard['alerts']['noisiestNames']; empty: string }) {
  const top = items[0]?.count ?? 0;
  return (
    <section class="panel" aria-labelledby={`${title}-title`.replace(/\W+/g, '-')}>
      <h2 id={`${title}-title`.replace(/\W+/g, '-')}>{title}</h2>
      {items.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ol class="ranked">
          {items.map((item) => (
            <li key={item.name}>
              <span class="ranked-name">{item.name}</span>
              <span class="ranked-bar" aria-hidden="true">
                <meter min={0} max={top} value={item.count} />
              </span>
              <span class="ranked-count">{item.count}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Actions({ actions }: { actions: Dashboard['actions'] }) {
  const modes = keysOf([], [actions.proposedByMode, Object.fromEntries(actions.outcomes.map((o) => [o.mode, o.count]))]);
  const outcomes = [...new Set(actions.outcomes.map((o) => o.outcome))].sort();
  if (modes.length === 0) return <p class="muted">No action was proposed in this range.</p>;
  const count = (mode: string, outcome: string) => actions.outcomes.find((o) => o.mode === mode && o.outcome === outcome)?.count ?? 0;
  return (
    <div class="table-scroll">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Mode</th>
            <th scope="col">Proposed</th>
            {outcomes.map((outcome) => (
              <th scope="col" key={outcome}>
                {outcome}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {modes.map((mode) => (
            <tr key={mode}>
              <th scope="row">{mode}</th>
              <td>{actions.proposedByMode[mode] ?? 0}</td>
              {outcomes.map((outcome) => (
                <td key={outcome}>{count(mode, outcome)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LlmUse({ llm }: { llm: Dashboard['llm'] }) {
  if (llm.length === 0) return <p class="muted">No LLM provider decided an alert in this range.</p>;
  return (
    <div class="table-scroll">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Model</th>
            <th scope="col">Variant</th>
            <th scope="col">Decisions</th>
            <th scope="col">Tokens in</th>
            <th scope="col">Tokens out</th>
            <th scope="col">Cost (USD)</th>
          </tr>
        </thead>
        <tbody>
          {llm.map((row) => (
            <tr key={`${row.provider}/${row.model}/${row.variant ?? ''}`}>
              <td>{row.provider}</td>
              <td>
                <code>{row.model}</code>
              </td>
              <td>{row.variant ?? '—'}</td>
              <td>{row.decisions}</td>
              <td>{row.inputTokens.toLocaleString()}</td>
              <td>{row.outputTokens.toLocaleString()}</td>
              <td>{row.costUsd.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Choice<K extends string>(props: { name: string; label: string; value: K; options: Readonly<Record<K, string>> }) {
  const { path, query, route } = useLocation();
  return (
    <label for={`dashboard-${props.name}`}>
      <span>{props.label}</span>
      <select
        id={`dashboard-${props.name}`}
        value={props.value}
        onChange={(event) => route(`${path}?${new URLSearchParams({ ...query, [props.name]: event.currentTarget.value })}`, true)}
      >
        {(Object.entries(props.options) as [K, string][]).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

function Figures({ dashboard, by }: { dashboard: Dashboard; by: Breakdown }) {
  const labels = useMemo(() => dashboard.series.map((point) => periodLabel(point.start, dashboard.granularity)), [dashboard]);
  const alerts = useMemo(() => seriesOver(dashboard, 'alerts', by), [dashboard, by]);
  const incidents = useMemo(() => seriesOver(dashboard, 'incidents', by), [dashboard, by]);
  const deciders = useMemo(
    () =>
      dashboard.deciders.map((decider, index) => ({
        label: `${DECIDERS[decider.kind] ?? decider.kind} (${percent(decider.share)})`,
        values: [decider.count],
        color: PALETTE[index % PALETTE.length] ?? '#6f6f6f',
      })),
    [dashboard],
  );
  const { incidents: inc, approvals } = dashboard;
  const cost = dashboard.llm.reduce((sum, row) => sum + row.costUsd, 0);
  const tokens = dashboard.llm.reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
  return (
    <>
      <dl class="figures">
        <Figure label="Alerts received" value={String(dashboard.alerts.received)} note={`${dashboard.alerts.triaged} triaged`} />
        <Figure label="Incidents opened" value={String(inc.opened)} note={`${inc.resolved} resolved`} />
        <Figure label="MTTA" value={seconds(inc.mttaSeconds)} note={`over ${inc.acknowledged} acknowledged`} />
        <Figure label="MTTR" value={seconds(inc.mttrSeconds)} note={`over ${inc.resolved} resolved`} />
        <Figure
          label="Approval latency p50 / p90"
          value={`${seconds(approvals.latency.p50Seconds)} / ${seconds(approvals.latency.p90Seconds)}`}
          note={`over ${approvals.latency.answered} answered`}
        />
        <Figure label="LLM cost" value={`$${cost.toFixed(4)}`} note={`${tokens.toLocaleString()} tokens`} />
      </dl>
      <div class="charts">
        <BarChart title={`Alerts by ${by}`} labels={labels} series={alerts} />
        <BarChart title={`Incidents opened by ${by}`} labels={labels} series={incidents} />
      </div>
      <div class="columns">
        <Ranked title="Noisiest alert names" items={dashboard.alerts.noisiestNames} empty="No alert in this range." />
        <Ranked
          title="Noisiest services"
          items={dashboard.alerts.noisiestServices}
          empty="No alert was routed to a service in this range."
        />
      </div>
      {deciders.length === 0 ? null : <BarChart title="Who decided" labels={['Decisions']} series={deciders} horizontal />}
      <section class="panel">
        <h2>Actions by mode and outcome</h2>
        <Actions actions={dashboard.actions} />
        <p class="muted">
          Approvals closed:{' '}
          {Object.entries(approvals.byOutcome)
            .map(([outcome, count]) => `${count} ${outcome}`)
            .join(', ') || 'none'}
          .
        </p>
      </section>
      <section class="panel">
        <h2>LLM tokens and cost</h2>
        <LlmUse llm={dashboard.llm} />
      </section>
    </>
  );
}

export function DashboardPage() {
  const { api } = useContext(AppContext);
  const { query } = useLocation();
  const range = query.range !== undefined && query.range in RANGES ? query.range : '24h';
  const by: Breakdown = query.by === 'category' ? 'category' : 'severity';
  const live = useLive(
    async () => {
      const to = new Date();
      const from = new Date(to.getTime() - (RANGES[range]?.hours ?? 24) * 3_600_000);
      return ok(await api.GET('/v1/stats/dashboard', { params: { query: { from: from.toISOString(), to: to.toISOString() } } }));
    },
    ['alerts', 'incidents', 'approvals'],
    [range],
  );
  return (
    <>
      <h1>Dashboard</h1>
      <form class="filters" aria-label="What the dashboard shows" onSubmit={(event) => event.preventDefault()}>
        <Choice
          name="range"
          label="Range"
          value={range}
          options={Object.fromEntries(Object.entries(RANGES).map(([key, { label }]) => [key, label]))}
        />
        <Choice name="by" label="Break down by" value={by} options={BREAKDOWNS} />
      </form>
      <Loaded live={live} what="the dashboard">
        {(dashboard) =>
          dashboard.alerts.received === 0 && dashboard.incidents.opened === 0 && dashboard.deciders.length === 0 ? (
            <Empty>Nothing happened in this range. Alerts sent to alertgate show up here as they are counted.</Empty>
          ) : (
            <Figures dashboard={dashboard} by={by} />
          )
        }
      </Loaded>
    </>
  );
}
