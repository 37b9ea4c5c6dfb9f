import * as z from 'zod';
import { defineAction } from './action.ts';

export const runSsmAutomation = defineAction({
  risk: 'high',
  tenantRisked: true,
  description: 'Start an AWS Systems Manager Automation runbook with parameters (risk set by the tenant).',
  params: z
    .object({
      documentName: z.string().min(3).max(128),
      parameters: z.record(z.string().max(128), z.array(z.string().max(1024)).max(20)).default({}),
    })
    .strict(),
  describe: (params) => `start SSM automation ${params.documentName}`,
  live: 'ssm-automation',
});
