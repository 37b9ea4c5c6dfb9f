import * as z from 'zod';
import { defineAction } from './action.ts';

export const invokeWebhook = defineAction({
  risk: 'high',
  tenantRisked: true,
  description: "POST to one of the tenant's configured remediation webhooks (risk set by the tenant).",
  params: z
    .object({
      target: z.string().min(1).max(100),
      // Kept small: the payload travels in the workflow's state (256 KB in all) and its recorded request.
      payload: z
        .record(z.string(), z.unknown())
        .refine((payload) => JSON.stringify(payload).length <= 16_384, 'must be at most 16 KiB as JSON')
        .optional(),
    })
    .strict(),
  describe: (params) => `POST to webhook ${params.target}`,
  live: 'webhook',
});
