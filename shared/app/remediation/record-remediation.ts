/**
 * Writes a remediation's summary on its alert, under the alert's version like every alert write,
 * re-reading and re-applying on a conflict. `change` gets the current summary (if any) and returns
 * the next one, or undefined to leave it be (e.g. a late "started" after the outcome). The alert keeps
 * the newest REMEDIATIONS_KEPT, so a flapping alert's item stays far below DynamoDB's 400 KB.
 */

import type { AlertStore } from '../../domain/alerts/alert-store.ts';
import type { RemediationSummary } from '../../domain/remediation/remediation.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';

const MAX_ATTEMPTS = 5;

/** The remediations an alert keeps (newest by request time); older ones live on in the audit log. */
export const REMEDIATIONS_KEPT = 20;

function newest(remediations: Readonly<Record<string, RemediationSummary>>): Record<string, RemediationSummary> {
  const sorted = Object.entries(remediations).sort(([, a], [, b]) => b.requestedAt.localeCompare(a.requestedAt));
  return Object.fromEntries(sorted.slice(0, REMEDIATIONS_KEPT));
}

export async function recordRemediation(
  alerts: AlertStore,
  tenant: string,
  alertId: string,
  execution: string,
  change: (current: RemediationSummary | undefined) => RemediationSummary | undefined,
): Promise<void> {
  await retryOnConflict(
    async () => {
      const alert = await alerts.get(tenant, alertId);
      if (alert === undefined) return;
      const next = change(alert.remediations?.[execution]);
      if (next === undefined) return;
      const remediations = newest({ ...alert.remediations, [execution]: next });
      await alerts.save({ record: { ...alert, remediations }, expectedVersion: alert.version });
    },
    { attempts: MAX_ATTEMPTS },
  );
}
