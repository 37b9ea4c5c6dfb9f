/**
 * Incidents: open and acknowledged first, then the newest; filters kept in the URL so a link
 * shares the view; new incidents and alerts appear as they arrive.
 */

import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { SEVERITIES, SOURCES } from '../../../shared/domain/alerts/alert.ts';
import { CATEGORIES } from '../../../shared/domain/triage/categories.ts';
import { type Incident, ok, type Pages, pagesOf } from '../api.ts';
import { Badge } from '../components/badges.tsx';
import { Empty, Loaded } from '../components/states.tsx';
import { useNow } from '../components/use-now.ts';
import { VirtualRows } from '../components/virtual-rows.tsx';
import { AppContext } from '../context.ts';
import { ago } from '../format.ts';
import { useLive } from '../live/use-live.ts';
import { FilterBar, type FilterField, SINCE } from './filter-bar.tsx';

const STATUS_ORDER: Record<Incident['status'], number> = { open: 0, acknowledged: 1, resolved: 2, merged: 3 };
const FIELDS: readonly FilterField[] = [
  { name: 'status', label: 'Status', options: ['open', 'acknowledged', 'resolved', 'merged'] },
  { name: 'severity', label: 'Severity', options: SEVERITIES },
  { name: 'category', label: 'Category', options: CATEGORIES },
  { name: 'team', label: 'Team' },
  { name: 'source', label: 'Source', options: SOURCES },
  { name: 'since', label: 'Since', options: Object.keys(SINCE) },
  { name: 'q', label: 'Search' },
];

function ordered(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.lastAlertAt.localeCompare(a.lastAlertAt));
}

function matches(incident: Incident, search: string): boolean {
  if (search === '') return true;
  const text = [incident.title, incident.service, incident.team, incident.category, ...incident.alerts.map((alert) => alert.name)]
    .join(' ')
    .toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word));
}

function counts(incidents: readonly Incident[]) {
  const by = (key: 'status' | 'severity') => {
    const tally: Record<string, number> = {};
    for (const incident of incidents) tally[incident[key]] = (tally[incident[key]] ?? 0) + 1;
    return tally;
  };
  return { status: by('status'), severity: by('severity') };
}

function IncidentRow({ incident, now }: { incident: Incident; now: number }) {
  const alerts = incident.alerts.length;
  return (
    <div class={`row status-${incident.status}`}>
      <a href={`/incidents/${incident.id}`} class="row-link">
        <span class="row-main">
          <Badge kind="severity" value={incident.severity} />
          <strong>{incident.title}</strong>
        </span>
        <span class="row-meta">
          <Badge kind="status" value={incident.status} />
          <span>
            {incident.firing} firing of {alerts} alert{alerts === 1 ? '' : 's'}
          </span>
          {incident.approvals.length > 0 ? <span>{incident.approvals.length} approval(s)</span> : null}
          <span>{[incident.service, incident.team].filter(Boolean).join(' · ')}</span>
          <span title={incident.openedAt}>opened {ago(incident.openedAt, now)}</span>
        </span>
      </a>
    </div>
  );
}

export function IncidentsPage() {
  const { api } = useContext(AppContext);
  const { query } = useLocation();
  const now = useNow(10_000);
  // How many pages of 100 to keep live; "Show more" adds one.
  const [pages, setPages] = useState(1);
  // What is shown when "Show more" is pressed: the next load reads only the page after it.
  const extendFrom = useRef<{ readonly filters: string; readonly loaded: Pages<Incident> } | undefined>(undefined);
  const filters = {
    status: query.status,
    severity: query.severity,
    category: query.category,
    team: query.team,
    source: query.source,
    since: query.since,
  };
  const live = useLive(
    async () => {
      const since = filters.since === undefined ? undefined : SINCE[filters.since];
      // Only what was loaded under the filters in force: a filter changed meanwhile starts afresh.
      const from = extendFrom.current?.filters === JSON.stringify(filters) ? extendFrom.current.loaded : undefined;
      extendFrom.current = undefined;
      return pagesOf(
        pages,
        async (cursor) => {
          const result = await api.GET('/v1/incidents', {
            params: {
              query: {
                limit: 100,
                ...(cursor === undefined ? {} : { cursor }),
                ...(filters.status === undefined ? {} : { status: filters.status as Incident['status'] }),
                ...(filters.severity === undefined ? {} : { severity: filters.severity as Incident['severity'] }),
                ...(filters.category === undefined ? {} : { category: filters.category as Incident['category'] }),
                ...(filters.team === undefined || filters.team === '' ? {} : { team: filters.team }),
                ...(filters.source === undefined ? {} : { source: filters.source as (typeof SOURCES)[number] }),
                ...(since === undefined ? {} : { since: new Date(Date.now() - since).toISOString() }),
              },
            },
          });
          return ok(result);
        },
        from,
      );
    },
    ['incidents', 'alerts'],
    // Not `pages`: another page is loaded on top of the rows shown, which stay while it comes.
    [filters.status, filters.severity, filters.category, filters.team, filters.source, filters.since],
  );
  const { reload } = live;
  const requestedPages = useRef(pages);
  useEffect(() => {
    if (requestedPages.current === pages) return;
    requestedPages.current = pages;
    reload();
  }, [pages, reload]);
  return (
    <section>
      <h1>Incidents</h1>
      <FilterBar fields={FIELDS} />
      <Loaded live={live} what="incidents">
        {({ items, more, pages: pagesLoaded }) => {
          const shown = ordered(items.filter((incident) => matches(incident, query.q ?? '')));
          const tally = counts(shown);
          return (
            <>
              <p class="counts" aria-live="polite">
                {shown.length} incident{shown.length === 1 ? '' : 's'}
                {Object.entries(tally.status).map(([status, count]) => ` · ${count} ${status}`)}
                {Object.entries(tally.severity).map(([severity, count]) => ` · ${count} ${severity}`)}
                {/* Search and counts run over what is loaded: say so while the API has more. */}
                {more ? <span class="muted"> · among the {items.length} newest loaded; Show more for the rest</span> : null}
              </p>
              {shown.length === 0 ? (
                <Empty>No incidents match. Alerts sent to a webhook are grouped into incidents here.</Empty>
              ) : (
                <VirtualRows items={shown} keyOf={(incident) => incident.id} estimate={84} label="Incidents">
                  {(incident) => <IncidentRow incident={incident} now={now} />}
                </VirtualRows>
              )}
              {more ? (
                <p class="actions">
                  {/* Until the page asked for arrives, the button says so and cannot be pressed again. */}
                  <button
                    type="button"
                    disabled={pagesLoaded < pages}
                    onClick={() => {
                      if (live.data !== undefined) extendFrom.current = { filters: JSON.stringify(filters), loaded: live.data };
                      setPages(pages + 1);
                    }}
                  >
                    {pagesLoaded < pages ? 'Loading more…' : 'Show more'}
                  </button>
                </p>
              ) : null}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
