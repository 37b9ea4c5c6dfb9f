import type { Outcome, Source } from '../alerts/alert.ts';

/** How many alerts a tenant's webhooks received, of one source with one outcome. */
export interface ReceivedCount {
  readonly source: string;
  readonly outcome: string;
  readonly count: number;
}

/**
 * Alerts received by source and outcome, all time. Ingest adds a notification's counts in one write
 * (never one per alert): repeats and duplicates leave nothing in the audit chain to count them from.
 */
export interface ReceivedCounter {
  add(tenant: string, source: Source, counts: Readonly<Record<Outcome, number>>): Promise<void>;
  read(tenant: string): Promise<ReceivedCount[]>;
}
