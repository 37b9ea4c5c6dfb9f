/**
 * What an approval was given for, beyond the action and its params: the target configuration the
 * action will reach (the webhook's URL and templates, the Alertmanager, the SSM role and allowed
 * documents) and whether the executor is live. Carried in the workflow's input as a digest and
 * compared again by ExecuteAction: an admin who re-points an approved action (a new URL, another
 * role, dry-run to live) gets it skipped, not run somewhere nobody approved.
 */
import { createHash } from 'node:crypto';
import { type ActionName, actionOf } from '../actions/registry.ts';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { RemediationConfig } from './executor-config.ts';

export function targetDigestOf(
  action: { readonly name: ActionName; readonly params: Readonly<Record<string, unknown>> },
  remediation: RemediationConfig,
): string {
  const target = (() => {
    switch (actionOf(action.name).live) {
      case 'webhook':
        return remediation.webhooks.find((webhook) => webhook.id === action.params.target);
      case 'alertmanager':
        return remediation.alertmanager;
      case 'ssm-automation':
        return remediation.ssm;
      case undefined:
        return undefined;
    }
  })();
  return createHash('sha256')
    .update(canonicalJson({ executor: remediation.executor, target: target ?? null }))
    .digest('hex');
}
