/**
 * Label matchers in Alertmanager's syntax: `name=value`, `name!=value`, `name=~regex`,
 * `name!~regex`, values optionally double-quoted. Regexes are fully anchored, as in
 * Alertmanager, and an absent label matches as the empty string.
 *
 * Regexes are tenant input evaluated against sender-controlled labels in a consumer all tenants
 * share, so they run on RE2 (re2js): linear in the label's length whatever the pattern, where a
 * backtracking engine takes minutes on `(a+)+$`. RE2's syntax is Alertmanager's (Go) own.
 */
import { RE2JS } from 're2js';
import type { Labels } from '../alerts/alert.ts';

export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly operator: MatchOperator;
  readonly value: string;
  readonly matches: (labels: Labels) => boolean;
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const OPERATOR = /^(=~|!~|!=|=)/;
export const MAX_REGEX_LENGTH = 256;
/** A whole matcher; also keeps parsing linear in what a tenant can send. */
export const MAX_MATCHER_LENGTH = 1024;

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return raw;
}

/** Parses one matcher; throws an Error whose message says what is wrong. */
export function parseMatcher(text: string): Matcher {
  if (text.length > MAX_MATCHER_LENGTH) throw new Error(`a matcher is at most ${MAX_MATCHER_LENGTH} characters, not ${text.length}`);
  const malformed = () => new Error(`"${text}" is not a matcher like name="value", name!=value, name=~"regex" or name!~"regex"`);
  const trimmed = text.trim();
  const name = NAME.exec(trimmed)?.[0];
  if (name === undefined) throw malformed();
  const rest = trimmed.slice(name.length).trimStart();
  const operator = OPERATOR.exec(rest)?.[0];
  if (operator === undefined) throw malformed();
  const value = unquote(rest.slice(operator.length).trimStart());
  const op = operator as MatchOperator;
  if (op === '=~' || op === '!~') {
    if (value.length > MAX_REGEX_LENGTH) throw new Error(`the regex in "${text}" is longer than ${MAX_REGEX_LENGTH} characters`);
    let regex: RE2JS;
    try {
      // matches() is anchored at both ends, as Alertmanager's ^(?:…)$.
      regex = RE2JS.compile(`(?:${value})`);
    } catch (error: unknown) {
      throw new Error(`"${text}" has an invalid regex: ${error instanceof Error ? error.message : String(error)}`);
    }
    const positive = op === '=~';
    return { name, operator: op, value, matches: (labels) => regex.matches(labels[name] ?? '') === positive };
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
