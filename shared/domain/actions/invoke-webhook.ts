import * as z from 'zod';
import { defineAction } from './action.ts';

export const invokeWebhook = defineAction({
  risk: 'high',
  tenantRisked: true,
  description:
    "POST to one of the tenant's configured remediation webhooks, with one of the payload templates the tenant defined for it (risk set by the tenant).",
  params: z
    .object({
      target: z.string().min(1).max(100),
      // A name, not a payload: what alertgate signs and sends is what the tenant wrote, never what
      // a model (or text in an alert) made up.
      template: z
        .string()
        .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/, "must name one of the webhook's payload templates")
        .optional(),
    })
    .strict(),
  describe: (params) => `POST to webhook ${params.target}${params.template === undefined ? '' : ` with template ${params.template}`}`,
  live: 'webhook',
});
