/**
 * The id of one execution, the same every time the same action is carried out for the same
 * approval (or, for `auto` actions, the same alert revision): Step Functions may run the
 * ExecuteAction task twice and an executor retries, so receivers deduplicate on it
 * (`X-Alertgate-Delivery`, SSM's `ClientToken`).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/audit/canonical-json.ts';
import type { ExecutionRequest } from '../../domain/remediation/execution.ts';

/** A UUID (version 8, name-based on SHA-256) derived from what is executed. */
export function deliveryIdFor(request: ExecutionRequest): string {
  const identity = canonicalJson([
    request.tenant,
    request.approvalId ?? '',
    request.alert.id,
    request.alert.revision,
    request.action.name,
    request.action.params,
  ]);
  return uuidFromDigest(createHash('sha256').update(identity, 'utf8').digest());
}

function uuidFromDigest(digest: Buffer): string {
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
