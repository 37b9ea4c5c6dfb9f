import * as z from 'zod';
import { defineAction } from './action.ts';

export const runSsmAutomation = defineAction({
  risk: 'high',
  tenantRisked: true,
  description: 'Start an AWS Systems Manager Automation runbook with parameters (risk set by the tenant).',
  params: z
    .object({
      // A document name only (AWS-owned or the tenant account's own): an ARN could name a document
      // another account shares publicly, with whatever steps it chooses.
      documentName: z.string().regex(/^[a-zA-Z0-9_.-]{3,128}$/, 'must be a document name, not an ARN'),
      parameters: z.record(z.string().max(128), z.array(z.string().max(1024)).max(20)).default({}),
    })
    .strict(),
  // The runbook and what it is run on: the same runbook on another instance is another target.
  target: (params) => `${params.documentName}:${JSON.stringify(Object.entries(params.parameters).sort(([a], [b]) => (a < b ? -1 : 1)))}`,
  describe: (params) => `start SSM automation ${params.documentName}`,
  live: 'ssm-automation',
});
