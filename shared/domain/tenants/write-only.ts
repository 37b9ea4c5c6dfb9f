/**
 * Secret-bearing configuration fields are write-only: the URLs of notification targets and
 * remediation webhooks (a Slack incoming-webhook URL is itself the credential; others carry
 * tokens in their path or query). Reads show their origin only; a write that sends the shown
 * value back keeps the stored one, so a GET, edit, PUT round trip changes nothing it did not mean to.
 */
import type { TenantConfig } from './tenant-config.ts';

/**
 * What a read shows of a write-only URL, and all an outcome or audit entry keeps of any URL: its
 * origin. Tenants' URLs carry secrets in the path (Slack's `/services/T…/B…/…`), the query
 * (`?token=…`) and the userinfo.
 *
 * @example hiddenUrl('https://u:p@hooks.example/services/T0/B0/s3cret?token=abc') // 'https://hooks.example/…'
 */
export function hiddenUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return 'redacted';
  }
}

const isHidden = (url: string) => url.endsWith('/…') || url.endsWith('/%E2%80%A6');

export function withSecretsHidden(config: TenantConfig): TenantConfig {
  return {
    ...config,
    notifications: { targets: config.notifications.targets.map((target) => ({ ...target, url: hiddenUrl(target.url) })) },
    remediation: {
      ...config.remediation,
      webhooks: config.remediation.webhooks.map((webhook) => ({ ...webhook, url: hiddenUrl(webhook.url) })),
    },
  };
}

/**
 * The incoming configuration with each shown-as-hidden URL replaced by the stored one of the same
 * id and origin, and the fields whose hidden URL has nothing stored behind it (to refuse).
 */
export function withSecretsKept(incoming: TenantConfig, stored: TenantConfig | undefined): { config: TenantConfig; unresolved: string[] } {
  const keep = <T extends { readonly id: string; readonly url: string }>(items: readonly T[], before: readonly T[] | undefined): T[] =>
    items.map((item) => {
      if (!isHidden(item.url)) return item;
      const previous = before?.find((candidate) => candidate.id === item.id);
      const sameOrigin =
        previous !== undefined && hiddenUrl(previous.url).replace(/%E2%80%A6$/, '…') === item.url.replace(/%E2%80%A6$/, '…');
      return sameOrigin ? { ...item, url: previous.url } : item;
    });
  const config: TenantConfig = {
    ...incoming,
    notifications: { targets: keep(incoming.notifications.targets, stored?.notifications.targets) },
    remediation: { ...incoming.remediation, webhooks: keep(incoming.remediation.webhooks, stored?.remediation.webhooks) },
  };
  const unresolved = [
    ...config.notifications.targets.flatMap((target, index) => (isHidden(target.url) ? [`notifications.targets.${index}.url`] : [])),
    ...config.remediation.webhooks.flatMap((webhook, index) => (isHidden(webhook.url) ? [`remediation.webhooks.${index}.url`] : [])),
  ];
  return { config, unresolved };
}
