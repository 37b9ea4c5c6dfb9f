/**
 * Reads the labelled alert catalogue (../shared/data/alert-catalogue/alerts.jsonl): the rules of
 * samber/awesome-prometheus-alerts, CC BY 4.0, one rendered alert a line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { CATEGORIES, type Category } from '../../shared/domain/triage/categories.ts';
import type { KeylessInput } from '../../shared/domain/triage/keyless/keyless-features.ts';
import { SEVERITIES, type Severity } from '../../shared/domain/triage/keyless/keyless-predict.ts';

/** Where the catalogue sits when the repo is checked out next to shared/. */
export const CATALOGUE_PATH = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'alert-catalogue', 'alerts.jsonl');

const lineSchema = z.object({
  input: z.object({
    labels: z.record(z.string(), z.string()).refine((labels) => typeof labels.alertname === 'string', 'labels.alertname is required'),
    annotations: z.object({ summary: z.string().optional(), description: z.string().optional() }),
  }),
  expected: z.object({ category: z.enum(CATEGORIES), service: z.string().min(1) }),
});

/** One labelled alert, as the classifier sees it (no severity label) and what it should say. */
export type LabelledAlert = {
  readonly input: KeylessInput;
  readonly category: Category;
  readonly service: string;
  readonly severity: Severity;
};

function toLabelledAlert(line: string, lineNumber: number): LabelledAlert {
  const parsed = lineSchema.safeParse(JSON.parse(line));
  if (!parsed.success) throw new Error(`alerts.jsonl line ${lineNumber}: ${parsed.error.message}`);
  const { labels, annotations } = parsed.data.input;
  const { severity, ...otherLabels } = labels;
  if (!(SEVERITIES as readonly (string | undefined)[]).includes(severity))
    throw new Error(`alerts.jsonl line ${lineNumber}: severity ${severity}`);
  return {
    input: { name: labels.alertname ?? '', summary: annotations.summary, description: annotations.description, labels: otherLabels },
    category: parsed.data.expected.category,
    service: parsed.data.expected.service,
    severity: severity as Severity,
  };
}

/** Loads every alert of the catalogue, in file order. */
export function loadCatalogue(path = CATALOGUE_PATH): LabelledAlert[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, index) => [line.trim(), index + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, lineNumber]) => toLabelledAlert(line, lineNumber));
}
