/**
 * The logging port of the use cases: a message and structured fields, never a concatenated
 * string. Powertools' Logger satisfies it; tests hand in a recording one.
 */
export interface Log {
  debug(message: string, ...fields: Record<string, unknown>[]): void;
  info(message: string, ...fields: Record<string, unknown>[]): void;
  warn(message: string, ...fields: Record<string, unknown>[]): void;
  error(message: string, ...fields: Record<string, unknown>[]): void;
}
