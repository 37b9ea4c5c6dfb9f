/** Approvals: pending first (soonest deadline first), then the decided ones, newest first. */
import { useContext } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { type Approval, ok, pagesOf } from '../api.ts';
import { Empty, Loaded } from '../components/states.tsx';
import { AppContext } from '../context.ts';
import { useLive } from '../live/use-live.ts';
import { ApprovalCard } from './approval-card.tsx';
import { FilterBar } from './filter-bar.tsx';

const STATUSES = ['pending', 'approved', 'rejected', 'expired', 'cancelled'] as const;
const MAX_PAGES = 10;

function ordered(approvals: readonly Approval[]): Approval[] {
  const pending = approvals.filter((approval) => approval.status === 'pending').sort((a, b) => a.deadline.localeCompare(b.deadline));
  const closedAt = (approval: Approval) => approval.decidedAt ?? approval.createdAt;
  const closed = approvals.filter((approval) => approval.status !== 'pending').sort((a, b) => closedAt(b).localeCompare(closedAt(a)));
  return [...pending, ...closed];
}

export function ApprovalsPage() {
  const { api } = useContext(AppContext);
  const { query } = useLocation();
  const status = query.status as Approval['status'] | undefined;
  // The API lists one status at a time, newest first: every pending one (they are what needs a
  // decision, the oldest the most urgent), and the latest of each closed status.
  const live = useLive(
    async () => {
      const pages = (status === undefined ? STATUSES : [status]).map(async (wanted) => {
        const all = wanted === 'pending' || status !== undefined;
        const limit = all ? 100 : 10;
        const { items } = await pagesOf(all ? MAX_PAGES : 1, async (cursor) =>
          ok(await api.GET('/v1/approvals', { params: { query: { status: wanted, limit, ...(cursor === undefined ? {} : { cursor }) } } })),
        );
        return items;
      });
      return (await Promise.all(pages)).flat();
    },
    ['approvals'],
    [status],
  );
  return (
    <section>
      <h1>Approvals</h1>
      <FilterBar fields={[{ name: 'status', label: 'Status', options: STATUSES }]} />
      <Loaded live={live} what="approvals">
        {(items) => {
          const shown = ordered(items);
          const pending = shown.filter((approval) => approval.status === 'pending').length;
          return (
            <>
              <p class="counts" aria-live="polite">
                {pending} pending · {shown.length} shown
              </p>
              {shown.length === 0 ? (
                <Empty>No approvals.</Empty>
              ) : (
                shown.map((approval) => <ApprovalCard key={approval.id} approval={approval} onChanged={live.reload} />)
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
