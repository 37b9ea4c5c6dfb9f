import type { AlertEvent } from './alert-record.ts';

export interface SendResult {
  readonly sent: readonly AlertEvent[];
  readonly failed: readonly AlertEvent[];
}

/** The queue feeding triage. Reports per event what was sent; never throws for a partial failure. */
export interface TriageQueue {
  send(events: readonly AlertEvent[], correlationId: string): Promise<SendResult>;
}
