import { auditEventRefusal, auditEventSchema } from './audit-event.ts';

/** What an operator needs to know of a dead-lettered audit message: whose, what, and why it was refused. */
export function describeDeadLetter(body: string): { tenant: string; type: string; eventId: string; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { tenant: '?', type: '?', eventId: '?', reason: `not JSON: ${JSON.stringify(body.slice(0, 120))}` };
  }
  const fields = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : '?');
  const parsed = auditEventSchema.safeParse(json);
  const reason = parsed.success
    ? (auditEventRefusal(parsed.data) ?? 'a valid event: it failed for another reason (its tenant group was blocked); redrive it')
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; ');
  return { tenant: text(fields.tenant), type: text(fields.type), eventId: text(fields.eventId), reason };
}
