/**
 * What a tenant learns from one correction: the corrected alert's features and the values a
 * responder set. A tenant's examples are its own model, applied on top of the shipped keyless one.
 */
import * as z from 'zod';
import { SEVERITIES } from '../../alerts/alert.ts';
import { teamSchema } from '../../tenants/tenant-config.ts';
import { CATEGORIES } from '../categories.ts';

/** The most examples a tenant's model keeps; the oldest make way (its corrections stay listed). */
export const MAX_EXAMPLES = 200;
/** The most features one example keeps, the most telling first, each at most MAX_FEATURE_CHARS. */
export const MAX_FEATURES_PER_EXAMPLE = 32;
export const MAX_FEATURE_CHARS = 40;
export const MAX_ALERT_NAME_CHARS = 200;
/** The model's stored size (UTF-8 JSON) stays under this, well inside DynamoDB's 400 KB an item. */
export const MAX_MODEL_BYTES = 300_000;

/** The values a correction sets; at least one. Category, service and team carry over to similar alerts, severity only to alerts of the same name. */
export const correctedValuesSchema = z.object({
  category: z.enum(CATEGORIES).optional(),
  service: z.string().trim().min(1).max(100).optional(),
  team: teamSchema.optional(),
  severity: z.enum(SEVERITIES).optional(),
});
export type CorrectedValues = z.infer<typeof correctedValuesSchema>;

export const learnedExampleSchema = z.object({
  correctionId: z.string(),
  alertName: z.string().max(MAX_ALERT_NAME_CHARS),
  /** The principal who corrected, and when. */
  by: z.string(),
  at: z.string(),
  set: correctedValuesSchema,
  features: z.array(z.string().max(MAX_FEATURE_CHARS)).max(MAX_FEATURES_PER_EXAMPLE),
});
export type LearnedExample = z.infer<typeof learnedExampleSchema>;

/** A tenant's learned model: its examples, newest last, and a version for conditional writes. */
export interface TenantLearning {
  readonly examples: readonly LearnedExample[];
  readonly version: number;
}

export const NO_LEARNING: TenantLearning = { examples: [], version: 0 };

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/** The model with `example` added (replacing an older one of the same correction), within MAX_EXAMPLES and MAX_MODEL_BYTES. */
export function withExample(learning: TenantLearning, example: LearnedExample): TenantLearning {
  const examples = [...learning.examples.filter((kept) => kept.correctionId !== example.correctionId), example].slice(-MAX_EXAMPLES);
  while (examples.length > 1 && bytes(examples) > MAX_MODEL_BYTES) examples.shift();
  return { examples, version: learning.version + 1 };
}

/** The model without the example of `correctionId`: undoing a correction undoes what it taught. */
export function withoutExample(learning: TenantLearning, correctionId: string): TenantLearning {
  return { examples: learning.examples.filter((kept) => kept.correctionId !== correctionId), version: learning.version + 1 };
}
