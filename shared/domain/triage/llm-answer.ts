/**
 * The model's answer: parsed from its text (bare JSON, or JSON in one ```json fence, nothing
 * else), validated against a schema, then against the categories and the action registry. Any
 * failure is a reason an SRE can read, and the router falls through to its next step. Keys the
 * schema does not know (a `risk` or `mode` the model made up) are dropped: risk and mode come
 * from the registry and the tenant's policy only.
 */
import * as z from 'zod';
import { type ActionName, checkParams, isActionName } from '../actions/registry.ts';
import { SEVERITIES, type Severity } from '../alerts/alert.ts';
import { CATEGORIES, type Category, isCategory } from './categories.ts';
import { PRIORITIES, type Priority } from './decision.ts';

export interface LlmAnswer {
  readonly category: Category;
  readonly service?: string;
  readonly severity?: Severity;
  readonly priority?: Priority;
  readonly action?: { readonly name: ActionName; readonly params: Readonly<Record<string, unknown>> };
  readonly confidence: number;
  readonly rationale: string;
}

export type AnswerCheck = { readonly ok: true; readonly answer: LlmAnswer } | { readonly ok: false; readonly reason: string };

/** Longer answers are not a triage JSON object; refusing them bounds the parser's work. */
export const MAX_ANSWER_CHARS = 20_000;
export const MAX_RATIONALE_CHARS = 500;

/** Models often write `null` for "unknown"; treat it as absent. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === null ? undefined : value), schema.optional());

/** The shape; which categories and actions are allowed is checked after, for clearer reasons. */
export const llmAnswerSchema = z.object({
  category: z.string(),
  service: optional(z.string().trim().toLowerCase().min(1).max(100)),
  severity: optional(z.enum(SEVERITIES)),
  priority: optional(z.enum(PRIORITIES)),
  action: optional(z.object({ name: z.string(), params: optional(z.record(z.string(), z.unknown())) })),
  confidence: z.number().min(0).max(1),
  rationale: z.string().trim().min(1).max(MAX_RATIONALE_CHARS),
});

const FENCED = /^```(?:json)?[ \t]*\r?\n([\s\S]*?)\r?\n?```$/i;

/**
 * @example
 * const check = checkLlmAnswer('{"category":"Databases","confidence":0.9,"rationale":"Postgres replication lag"}');
 * if (!check.ok) abstain(check.reason);
 */
export function checkLlmAnswer(text: string): AnswerCheck {
  if (text.length > MAX_ANSWER_CHARS)
    return { ok: false, reason: `answered ${text.length} characters, more than the ${MAX_ANSWER_CHARS} allowed` };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'answered nothing' };
  const json = FENCED.exec(trimmed)?.[1] ?? trimmed;
  let parsed: unknown;
  try {
    // A `__proto__` key would become a prototype when zod copies a record: drop it while parsing.
    parsed = JSON.parse(json, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch {
    return { ok: false, reason: 'answered invalid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, reason: 'answered JSON that is not an object' };
  const shape = llmAnswerSchema.safeParse(parsed);
  if (!shape.success) {
    const issues = shape.error.issues.map((issue) => `${issue.path.join('.') || 'answer'}: ${issue.message}`).join('; ');
    return { ok: false, reason: `answered JSON that does not match the answer schema (${clip(issues, 300)})` };
  }
  const answer = shape.data;
  if (!isCategory(answer.category)) {
    return {
      ok: false,
      reason: `proposed category '${clip(answer.category, 80)}' which is not one of the ${CATEGORIES.length} categories`,
    };
  }
  let action: LlmAnswer['action'];
  if (answer.action !== undefined) {
    const name = answer.action.name;
    if (!isActionName(name)) return { ok: false, reason: `proposed action '${clip(name, 80)}' which is not in the registry` };
    const params = checkParams(name, answer.action.params ?? {});
    if (!params.ok) return { ok: false, reason: `proposed action '${name}' with invalid params (${clip(params.reason, 300)})` };
    action = { name, params: params.params };
  }
  return {
    ok: true,
    answer: {
      category: answer.category,
      ...(answer.service === undefined ? {} : { service: answer.service }),
      ...(answer.severity === undefined ? {} : { severity: answer.severity }),
      ...(answer.priority === undefined ? {} : { priority: answer.priority }),
      ...(action === undefined ? {} : { action }),
      confidence: answer.confidence,
      rationale: answer.rationale,
    },
  };
}

/** Model text quoted in a reason is bounded and on one line. */
function clip(text: string, limit: number): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length <= limit ? line : `${line.slice(0, limit)}…`;
}
