import { describe, expect, it } from 'vitest';
import { alertFromItem, alertToItem } from '../../../../shared/adapters/dynamodb/alert-item.ts';
import { approvalFromItem, approvalToItem } from '../../../../shared/adapters/dynamodb/approval-item.ts';
import { CorruptItemError } from '../../../../shared/adapters/dynamodb/item-codec.ts';
import { alertRecord, storedApproval } from '../../../support/remediation-fixtures.ts';

/** What DynamoDB hands back: the written item, without the attributes the SDK drops. */
function roundTrip(item: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(item));
}

describe('the approval item', () => {
  const outcome = { status: 'dry-run', executor: 'dry-run', at: '2026-11-22T10:01:00.000Z', detail: 'would restart' } as const;

  it('reads back what was written, outcome included', () => {
    const approval = storedApproval({
      status: 'approved',
      outcome,
      votes: [{ by: 'ann', vote: 'approve', at: '2026-11-22T10:00:00.000Z' }],
    });
    expect(approvalFromItem(roundTrip(approvalToItem(approval)))).toEqual(approval);
  });

  it.each([
    ['a missing status (which once read as pending)', { status: undefined }],
    ['an unknown risk (which once read as high)', { risk: 'catastrophic' }],
    ['a missing task token (which once read as empty)', { taskToken: undefined }],
    ['three required approvals (which once read as one)', { requiredApprovals: 3 }],
    ['an unknown action (which once read as notify)', { action: { name: 'format_disk', params: {} } }],
    ['an outcome that is not JSON', { outcome: '{broken' }],
  ])('fails closed on %s', (_, corruption) => {
    const item = { ...roundTrip(approvalToItem(storedApproval())), ...corruption };
    expect(() => approvalFromItem(JSON.parse(JSON.stringify(item)))).toThrow(CorruptItemError);
  });
});

describe('the alert item', () => {
  it('reads back what was written, a label named __proto__ included', () => {
    const record = alertRecord({ labels: JSON.parse('{"__proto__":"kept","alertname":"X"}') });
    const read = alertFromItem(roundTrip(alertToItem(record)));
    expect(read).toEqual(record);
    expect(Object.keys(read.labels)).toEqual(['__proto__', 'alertname']);
  });

  it.each([
    ['an unknown source (which once read as generic)', { source: 'carrier-pigeon' }],
    ['a missing status (which once read as firing)', { status: undefined }],
    ['labels that are not JSON (which once read as none)', { labels: 'not json' }],
    ['a decision that does not fit its schema (which once read as undecided)', { decision: JSON.stringify({ category: 'x' }) }],
  ])('fails closed on %s', (_, corruption) => {
    const item = { ...roundTrip(alertToItem(alertRecord())), ...corruption };
    expect(() => alertFromItem(JSON.parse(JSON.stringify(item)))).toThrow(CorruptItemError);
  });
});
