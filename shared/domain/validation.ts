import type * as z from 'zod';
import { ValidationError } from './errors.ts';

/** Runs a schema and turns its issues into a ValidationError that names each field. */
export function validate<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 50).map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const fields = [...new Set(problems.map((p) => p.field))].slice(0, 5).join(', ');
  throw new ValidationError(`The ${what} is not valid: check ${fields}`, problems);
}
