/**
 * Every LLM provider timing out: the keyless classifier decides meanwhile, the tenant's breaker
 * opens (the provider stops being called), and once the provider answers again the breaker
 * half-opens after its 30 s, one probe goes, and decisions are the LLM's again.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCircuitBreakerStore } from '../../../shared/adapters/dynamodb/dynamo-circuit-breaker-store.ts';
import { type BreakerState, breakerKey } from '../../../shared/domain/breaker.ts';
import { LOCAL_CREDENTIALS } from '../../local/local-aws.ts';
import { flowAlerts } from '../alert-flow.ts';
import { type Drill, drillResult, drillTenant } from '../drill.ts';
import { auditChain, otherDeadLetterDepth, settle } from '../drill-outcome.ts';
import { DRILL_STAGE, type DrillStack } from '../drill-stack.ts';

const PROVIDER_ID = 'drill-llm';

async function breakerOf(stack: DrillStack, tenant: string): Promise<BreakerState> {
  const { stack: emulators } = stack.alertgate;
  const client = new DynamoDBClient({ endpoint: emulators.endpoints.dynamodb, region: emulators.region, credentials: LOCAL_CREDENTIALS });
  try {
    const store = new DynamoCircuitBreakerStore(DynamoDBDocumentClient.from(client), `alertgate-${DRILL_STAGE}-provider-state`);
    return await store.read(breakerKey(tenant, PROVIDER_ID));
  } finally {
    client.destroy();
  }
}

export const llmTimeouts: Drill = {
  name: 'llm-timeouts',
  fault: 'every LLM provider hangs past its timeout (1 s), then answers again',
  async run(stack, size) {
    const tenant = drillTenant('llm');
    await stack.configureTenant(tenant);
    const otherDeadLettersBefore = await otherDeadLetterDepth(stack);
    const deliveriesFrom = stack.hook.attempts.length;
    const outage = size === 'full' ? { notifications: 12, alertsPerNotification: 3 } : { notifications: 6, alertsPerNotification: 2 };

    // The provider accepts each request and never answers in time.
    stack.llm.reset();
    stack.llm.replyAlways({ kind: 'slow', delayMs: 20_000 });
    const during = await flowAlerts(stack, tenant, { ...outage, intervalMs: 1_000, label: 'down' });
    const duringFigures = await settle(stack, tenant, during, { faultEndedAt: Date.now(), otherDeadLettersBefore });
    const calledDuringOutage = stack.llm.requests.length;
    const breakerAfterOutage = await breakerOf(stack, tenant);

    // The provider answers again: alerts keep coming until the breaker's open period has passed.
    stack.llm.reset();
    const faultEndedAt = Date.now();
    const after = await flowAlerts(stack, tenant, { notifications: 16, alertsPerNotification: 1, intervalMs: 2_500, label: 'back' });
    const figures = await settle(stack, tenant, [...during, ...after], {
      faultEndedAt,
      otherDeadLettersBefore,
      deliveries: stack.hook.attempts.slice(deliveriesFrom),
    });
    const breakerAtEnd = await breakerOf(stack, tenant);

    const decided = (await auditChain(stack, tenant)).filter(
      (line) => line.type === 'triage.decided' && !line.eventId.endsWith(':superseded'),
    );
    const kindOf = (alertId: string | undefined) =>
      (decided.find((line) => line.subjects.alertId === alertId)?.data.decidedBy as { kind?: string } | undefined)?.kind;
    const duringIds = during.flatMap((notification) => notification.alertIds);
    const byKeyless = duringIds.filter((id) => kindOf(id) === 'classifier').length;
    const firstByLlm = after.find((notification) => notification.alertIds.some((id) => kindOf(id) === 'llm'));
    const firstLlmAt = firstByLlm?.acceptedAt;
    // Recovery here is the LLM's return to deciding, not the backlog: the keyless classifier left none.
    const recoveryMs = firstLlmAt === undefined ? Number.NaN : Math.max(0, firstLlmAt - faultEndedAt);
    return drillResult(this, { ...figures, recoveryMs }, [
      {
        what: 'the keyless classifier decided every alert while the provider hung',
        ok: byKeyless === duringIds.length && duringFigures.processed === duringIds.length,
        detail: `${byKeyless} of ${duringIds.length}`,
      },
      {
        what: 'the breaker opened: the provider stopped being called',
        ok: calledDuringOutage < duringIds.length && breakerAfterOutage.state !== 'closed',
        detail: `${calledDuringOutage} calls for ${duringIds.length} alerts, then ${breakerAfterOutage.state}`,
      },
      {
        what: 'after the open period one probe went, and the LLM decided again (half-open → closed)',
        ok: firstLlmAt !== undefined && breakerAtEnd.state === 'closed',
        detail:
          firstLlmAt === undefined
            ? `no LLM decision; breaker ${breakerAtEnd.state}`
            : `first LLM decision ${(recoveryMs / 1000).toFixed(1)} s after the provider came back; breaker ${breakerAtEnd.state}`,
      },
    ]);
  },
};
