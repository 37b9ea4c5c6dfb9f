/** The body of a triage-queue message, shared by the producer (ingest) and the consumer (triage). */
import * as z from 'zod';

export const triageMessageSchema = z.object({
  type: z.enum(['alert.firing', 'alert.resolved']),
  eventId: z.string().min(1),
  tenant: z.string().min(1),
  alertId: z.string().min(1),
  revision: z.number().int().positive(),
  correlationId: z.string(),
  sentAt: z.string(),
});

export type TriageMessage = z.infer<typeof triageMessageSchema>;
