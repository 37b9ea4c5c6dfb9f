/**
 * Audit events for property tests, hostile on purpose: binary strings, numbers and strings with
 * several JSON spellings (control characters, 1e21, tiny doubles, non-ASCII), and data keys that
 * look like object internals. And the chain such events make.
 */
import fc from 'fast-check';
import { AUDIT_EVENT_TYPES, type AuditEntry, type AuditEvent } from '../../shared/domain/audit/audit-event.ts';
import { appendEntry } from '../../shared/domain/audit/hash-chain.ts';

const trickyValue = fc.oneof(
  fc.string({ maxLength: 12, unit: 'binary' }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e21, 5e-324, -1.5e-7, 0, 2 ** 53, '\u001f\u007f\u2028', 'é"\\'),
  fc.jsonValue({ maxDepth: 2 }),
);
const optionalId = fc.string({ minLength: 1, maxLength: 12, unit: 'binary' });

export const auditEventArbitrary: fc.Arbitrary<AuditEvent> = fc.record({
  eventId: fc.string({ minLength: 1, maxLength: 24, unit: 'binary' }),
  tenant: fc.constant('acme'),
  time: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString()),
  type: fc.constantFrom(...AUDIT_EVENT_TYPES),
  actor: fc.oneof(fc.constant('system'), fc.string({ minLength: 1, maxLength: 20, unit: 'binary' })),
  subjects: fc.record({ alertId: optionalId, approvalId: optionalId, executionId: optionalId, keyId: optionalId }, { requiredKeys: [] }),
  correlationId: fc.string({ maxLength: 20, unit: 'binary' }),
  data: fc.dictionary(
    fc.oneof(fc.string({ maxLength: 8, unit: 'binary' }), fc.constantFrom('__proto__', 'constructor', 'hash')),
    trickyValue,
    {
      maxKeys: 4,
    },
  ),
});

/** The chain `events` make, appended after `start` (the genesis when absent). */
export function chainOf(events: readonly AuditEvent[], start?: { seq: number; hash: string }): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const event of events) entries.push(appendEntry(entries.at(-1) ?? start, event));
  return entries;
}
