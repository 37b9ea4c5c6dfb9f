/** A responder's correction of one alert's triage decision: what they set, and what triage had said. */
import * as z from 'zod';
import type { OriginalDecision } from '../decision.ts';
import { type CorrectedValues, correctedValuesSchema } from './learned-example.ts';

export const MAX_NOTE_CHARS = 1_000;

/** The body of `POST /v1/alerts/{id}/corrections`: the values to set (at least one) and a note. */
export const correctionBodySchema = correctedValuesSchema
  .extend({ note: z.string().trim().min(1).max(MAX_NOTE_CHARS).optional() })
  .strict()
  .refine((body) => body.category !== undefined || body.service !== undefined || body.team !== undefined || body.severity !== undefined, {
    message: 'set at least one of category, service, team or severity',
  });
export type CorrectionBody = z.infer<typeof correctionBodySchema>;

export interface Correction {
  readonly id: string;
  readonly tenant: string;
  readonly alertId: string;
  readonly alertName: string;
  /** The alert revision whose decision was corrected. */
  readonly revision: number;
  /** The principal who corrected, and when. */
  readonly by: string;
  readonly at: string;
  readonly set: CorrectedValues;
  readonly note?: string;
  /** What triage had decided, before any correction. */
  readonly original: OriginalDecision;
  /** What the alert showed just before this correction (an earlier correction, or triage's): what undoing it restores. */
  readonly replaced: OriginalDecision;
}
