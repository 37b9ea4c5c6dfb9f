/** The stored form of a triage decision, checked when read back. */
import * as z from 'zod';
import { actionNameSchema } from '../actions/registry.ts';
import { RISKS } from '../actions/risk.ts';
import { SEVERITIES } from '../alerts/alert.ts';
import { CATEGORIES } from './categories.ts';
import { MODES, PRIORITIES, type TriageDecision } from './decision.ts';

const tokens = z.object({ input: z.number(), output: z.number() });

const decidedBySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rule'), ruleId: z.string() }),
  z.object({
    kind: z.literal('llm'),
    provider: z.string(),
    model: z.string(),
    promptVersion: z.string(),
    variant: z.string().optional(),
  }),
  z.object({ kind: z.literal('classifier'), version: z.string() }),
  z.object({ kind: z.literal('learned'), correctionId: z.string(), by: z.string() }),
  z.object({ kind: z.literal('correction'), correctionId: z.string(), by: z.string() }),
]);

const guesses = z.array(z.object({ category: z.enum(CATEGORIES), confidence: z.number() }));

/** The fields a correction changes: a decision has them, and keeps triage's own as `original`. */
export const originalDecisionSchema = z.object({
  decidedAt: z.string(),
  category: z.enum(CATEGORIES),
  service: z.string().optional(),
  team: z.string().optional(),
  severity: z.enum(SEVERITIES),
  priority: z.enum(PRIORITIES),
  confidence: z.number(),
  rationale: z.string(),
  decidedBy: decidedBySchema,
  needsReview: z.object({ below: z.number(), guesses }).optional(),
});

export const triageDecisionSchema = originalDecisionSchema.extend({
  eventId: z.string(),
  revision: z.number().int(),
  action: z
    .object({
      name: actionNameSchema,
      params: z.record(z.string(), z.unknown()),
      risk: z.enum(RISKS),
      mode: z.enum(MODES),
      modeReason: z.string(),
      source: z.string(),
      targetKey: z.string().optional(),
      history: z.object({ approved: z.number(), rejected: z.number(), failed: z.number(), summary: z.string() }).optional(),
      suppressed: z.object({ kind: z.enum(['cool-down', 'breaker']), reason: z.string() }).optional(),
    })
    .optional(),
  noAction: z.string().optional(),
  latencyMs: z.number(),
  tokens: tokens.optional(),
  costUsd: z.number().optional(),
  abstentions: z.array(
    z.object({
      step: z.string(),
      reason: z.string(),
      latencyMs: z.number(),
      llm: z.object({ provider: z.string(), model: z.string(), variant: z.string().optional() }).optional(),
    }),
  ),
  original: originalDecisionSchema.optional(),
  supersededAt: z.string().optional(),
}) satisfies z.ZodType<TriageDecision>;
