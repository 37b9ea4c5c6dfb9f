/**
 * Label matchers in Alertmanager's syntax: `name=value`, `name!=value`, `name=~regex`,
 * `name!~regex`, values optionally double-quoted. Regexes are anchored, as in Alertmanager,
 * and an absent label matches as the empty string.
 */
import type { Labels } from '../alerts/alert.ts';

export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly operator: MatchOperator;
  readonly value: string;
  readonly matches: (labels: Labels) => boolean;
}

const SYNTAX = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;
export const MAX_REGEX_LENGTH = 256;

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return raw;
}

/** Parses one matcher; throws an Error whose message says what is wrong. */
export function parseMatcher(text: string): Matcher {
  const parts = SYNTAX.exec(text);
  if (parts === null) throw new Error(`"${text}" is not a matcher like name="value", name!=value, name=~"regex" or name!~"regex"`);
  const [, name = '', operator = '=', raw = ''] = parts;
  const value = unquote(raw);
  const op = operator as MatchOperator;
  if (op === '=~' || op === '!~') {
    if (value.length > MAX_REGEX_LENGTH) throw new Error(`the regex in "${text}" is longer than ${MAX_REGEX_LENGTH} characters`);
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${value})$`, 'u');
    } catch (error: unknown) {
      throw new Error(`"${text}" has an invalid regex: ${error instanceof Error ? error.message : String(error)}`);
    }
    const positive = op === '=~';
    return { name, operator: op, value, matches: (labels) => regex.test(labels[name] ?? '') === positive };
  }
  const positive = op === '=';
  return { name, operator: op, value, matches: (labels) => ((labels[name] ?? '') === value) === positive };
}

/** True when every matcher matches (an empty list matches everything). */
export function matchesAll(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((matcher) => matcher.matches(labels));
}

const cache = new WeakMap<readonly string[], readonly Matcher[]>();

/** The parsed matchers of a validated config list, parsed once per list. */
export function compiled(texts: readonly string[]): readonly Matcher[] {
  let matchers = cache.get(texts);
  if (matchers === undefined) {
    matchers = texts.map(parseMatcher);
    cache.set(texts, matchers);
  }
  return matchers;
}
