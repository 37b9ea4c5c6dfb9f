import { describe, expect, it } from 'vitest';
import { REMEDIATIONS_KEPT, recordRemediation } from '../../../../shared/app/remediation/record-remediation.ts';
import type { AlertRecord } from '../../../../shared/domain/alerts/alert-record.ts';
import type { AlertStore } from '../../../../shared/domain/alerts/alert-store.ts';
import { ConflictError } from '../../../../shared/domain/errors.ts';
import type { RemediationSummary } from '../../../../shared/domain/remediation/remediation.ts';
import { alertRecord } from '../../../support/remediation-fixtures.ts';

/** One alert in memory, with the store's version check; `conflicts` writes fail first, as if another writer won. */
function oneAlert(record: AlertRecord, conflicts = 0) {
  let stored = { ...record, version: 1 };
  let failing = conflicts;
  const unused = () => Promise.reject(new Error('not used here'));
  const store: AlertStore = {
    get: async () => stored,
    save: async ({ record: next, expectedVersion }) => {
      if (failing-- > 0) {
        stored = { ...stored, version: stored.version + 1 };
        throw new ConflictError('moved on');
      }
      if (expectedVersion !== stored.version) throw new ConflictError('moved on');
      stored = { ...next, version: stored.version + 1 };
      return stored;
    },
    getMany: unused,
    recordSightings: unused,
    saveAll: unused,
    markQueued: unused,
    releaseLease: unused,
    list: unused,
    listOwed: unused,
  };
  return { store, current: () => stored };
}

const summary = (execution: string, minute: number): RemediationSummary => ({
  execution,
  action: { name: 'notify', params: {} },
  risk: 'low',
  mode: 'auto',
  source: 'manual',
  requestedBy: 'bob',
  requestedAt: new Date(Date.UTC(2026, 10, 23, 10, minute)).toISOString(),
  status: 'running',
  updatedAt: new Date(Date.UTC(2026, 10, 23, 10, minute)).toISOString(),
});

describe('recordRemediation', () => {
  it(`keeps the ${REMEDIATIONS_KEPT} newest remediations on the alert`, async () => {
    const { store, current } = oneAlert(alertRecord());
    for (let minute = 0; minute < REMEDIATIONS_KEPT + 5; minute++) {
      await recordRemediation(store, 'acme', 'a', `e-${minute}`, () => summary(`e-${minute}`, minute));
    }
    const kept = Object.keys(current().remediations ?? {});
    expect(kept).toHaveLength(REMEDIATIONS_KEPT);
    expect(kept).not.toContain('e-4');
    expect(kept).toContain('e-5');
    expect(kept).toContain(`e-${REMEDIATIONS_KEPT + 4}`);
  });

  it('re-reads and re-applies after a conflicting write, and leaves the alert be when the change declines', async () => {
    const { store, current } = oneAlert(alertRecord(), 2);
    await recordRemediation(store, 'acme', 'a', 'e-1', () => summary('e-1', 1));
    expect(current().remediations?.['e-1']?.status).toBe('running');
    await recordRemediation(store, 'acme', 'a', 'e-1', (existing) => (existing === undefined ? summary('e-1', 2) : undefined));
    expect(current().remediations?.['e-1']?.requestedAt).toBe(summary('e-1', 1).requestedAt);
  });
});
