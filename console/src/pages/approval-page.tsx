/** One approval, where notification links land. */
import { useContext } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { ok } from '../api.ts';
import { Loaded } from '../components/states.tsx';
import { AppContext } from '../context.ts';
import { useLive } from '../live/use-live.ts';
import { ApprovalCard } from './approval-card.tsx';

export function ApprovalPage() {
  const { api } = useContext(AppContext);
  const { params } = useRoute();
  const id = params.id ?? '';
  const live = useLive(async () => ok(await api.GET('/v1/approvals/{id}', { params: { path: { id } } })), ['approvals'], [id]);
  return (
    <section>
      <p>
        <a href="/approvals">← Approvals</a>
      </p>
      <h1>Approval</h1>
      <Loaded live={live} what="the approval">
        {(approval) => <ApprovalCard approval={approval} onChanged={live.reload} />}
      </Loaded>
    </section>
  );
}
