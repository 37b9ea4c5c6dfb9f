import type { Log } from '../../shared/domain/log.ts';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

/** A Log that keeps what it is told, so a test can assert on a warning. */
export function recordingLog(): Log & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, ...fields: Record<string, unknown>[]) => {
      lines.push({ level, message, ...(fields.length === 0 ? {} : { fields: Object.assign({}, ...fields) }) });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
