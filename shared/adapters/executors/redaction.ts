/** Keeps secrets out of recorded requests: credentials in URLs and secret-bearing headers. */

const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|x-api-key|x-alertgate-signature)$/i;

/**
 * The URL's origin only: tenants' URLs carry secrets in the path (Slack's `/services/T…/B…/…`),
 * the query (`?token=…`) and the userinfo, and outcomes are shown to every viewer and chained
 * into the audit log, where nothing can be removed again.
 *
 * @example redactUrl('https://u:p@hooks.example/services/T0/B0/s3cret?token=abc') // 'https://hooks.example/…'
 */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return 'redacted';
  }
}

/** The headers with secret-bearing values replaced by `<redacted>` (a signature's scheme is kept). */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADERS.test(name)) redacted[name] = value;
    else if (/^x-alertgate-signature$/i.test(name)) redacted[name] = 'v1=<redacted>';
    else redacted[name] = /^[A-Za-z]+ /.test(value) ? `${value.slice(0, value.indexOf(' '))} <redacted>` : '<redacted>';
  }
  return redacted;
}
