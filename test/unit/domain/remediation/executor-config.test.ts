import { describe, expect, it } from 'vitest';
import { alertmanagerTargetSchema } from '../../../../shared/domain/remediation/executor-config.ts';

describe('an Alertmanager target', () => {
  it('is a base URL: a query or fragment, which could swallow the silences path, is refused', () => {
    expect(alertmanagerTargetSchema.safeParse({ url: 'https://am.example.com/prefix/' }).success).toBe(true);
    for (const url of ['https://am.example.com/any/path?ignored=', 'https://am.example.com/#', 'https://am.example.com/?x=1']) {
      const parsed = alertmanagerTargetSchema.safeParse({ url });
      expect(parsed.error?.issues.map((issue) => issue.message)).toContain('must be a base URL, without a query or fragment');
    }
  });

  it('refuses what is not a URL with an issue, not an exception', () => {
    expect(alertmanagerTargetSchema.safeParse({ url: 'not a url' }).success).toBe(false);
  });
});
