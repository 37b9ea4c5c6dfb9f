import * as z from 'zod';
import { defineAction } from './action.ts';

export const silenceAlert = defineAction({
  risk: 'low',
  description: 'Silence this alert in Alertmanager for a while (minutes), e.g. during known maintenance.',
  params: z.object({ minutes: z.number().int().min(5).max(1440).default(60), comment: z.string().max(500).optional() }).strict(),
  describe: (params) => `silence the alert for ${params.minutes} minutes`,
  live: 'alertmanager',
});
