/**
 * Schema pieces shared by the webhook parsers, with per-field limits: label sets are identity,
 * so over-limit labels are rejected; annotations are prose, so over-long values are truncated
 * (and say so) rather than losing the alert. The whole alert must still fit one DynamoDB item:
 * `assertStorable` checks that once the alert is normalised.
 */
import * as z from 'zod';

export const LIMITS = {
  alertsPerNotification: 1000,
  labels: 128,
  labelNameLength: 256,
  labelValueLength: 4096,
  annotations: 64,
  textLength: 16_384,
  nameLength: 1024,
  urlLength: 4096,
  detailsLength: 32_768,
} as const;

const TRUNCATION_MARK = ' … [truncated by alertgate]';

/** Cuts prose to the limit, marking the cut so nobody mistakes it for the whole text. */
export function truncateText(value: string, max: number = LIMITS.textLength): string {
  return value.length <= max ? value : value.slice(0, max - TRUNCATION_MARK.length) + TRUNCATION_MARK;
}

interface StringMapOptions {
  readonly what: 'labels' | 'annotations';
  readonly maxEntries: number;
  /** Over-long values: rejected (labels) or truncated (annotations). */
  readonly longValues: 'reject' | 'truncate';
}

/**
 * An object of string values. Built with Object.fromEntries so a `__proto__` key stays an
 * ordinary own property (a plain record schema would drop it, changing the fingerprint).
 */
export function stringMap({ what, maxEntries, longValues }: StringMapOptions) {
  return z.unknown().transform((value, ctx): Record<string, string> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `${what} must be an object of strings` });
      return z.NEVER;
    }
    const entries = Object.entries(value);
    if (entries.length > maxEntries) {
      ctx.addIssue({ code: 'custom', message: `at most ${maxEntries} ${what}, got ${entries.length}` });
      return z.NEVER;
    }
    const kept: [string, string][] = [];
    for (const [key, raw] of entries) {
      if (typeof raw !== 'string') {
        ctx.addIssue({ code: 'custom', path: [key], message: `${what} values must be strings` });
        continue;
      }
      if (key.length === 0 || key.length > LIMITS.labelNameLength) {
        ctx.addIssue({ code: 'custom', path: [key], message: `names must be 1 to ${LIMITS.labelNameLength} characters` });
        continue;
      }
      if (longValues === 'reject' && raw.length > LIMITS.labelValueLength) {
        ctx.addIssue({ code: 'custom', path: [key], message: `values must be at most ${LIMITS.labelValueLength} characters` });
        continue;
      }
      // Prometheus treats an empty label as an absent one, and Alertmanager drops it before fingerprinting.
      if (longValues === 'reject' && raw === '') continue;
      kept.push([key, longValues === 'truncate' ? truncateText(raw) : raw]);
    }
    return Object.fromEntries(kept);
  });
}

export const labelSet = stringMap({ what: 'labels', maxEntries: LIMITS.labels, longValues: 'reject' });
export const annotationSet = stringMap({ what: 'annotations', maxEntries: LIMITS.annotations, longValues: 'truncate' });

/** An RFC 3339 time (Alertmanager sends nanoseconds), normalised to ISO 8601 in milliseconds, UTC. */
export const timestamp = z
  .string()
  .max(64)
  .refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'must be an RFC 3339 date-time',
  })
  .transform((value) => new Date(value).toISOString());

export const text = z.string().transform((value) => truncateText(value));
export const url = z.string().max(LIMITS.urlLength);

/** Source extras kept as JSON text for triage, bounded. */
export function detailsJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return truncateText(JSON.stringify(value), LIMITS.detailsLength);
}
