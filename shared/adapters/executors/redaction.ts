/** Keeps secrets out of recorded requests: credentials in URLs and secret-bearing headers. */
import type { RecordedResponse } from '../../domain/remediation/execution-outcome.ts';

const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|x-api-key|x-alertgate-signature)$/i;

/**
 * The URL with its userinfo and query values replaced: tenants paste URLs with tokens in them
 * (`?token=…`, `https://user:pass@…`), and outcomes are shown to every viewer of the tenant.
 *
 * @example redactUrl('https://u:p@hooks.example/run?token=abc') // 'https://redacted@hooks.example/run?token=redacted'
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'redacted';
  }
  const userinfo = parsed.username !== '' || parsed.password !== '' ? 'redacted@' : '';
  const query = [...parsed.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=redacted`).join('&');
  return `${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${query === '' ? '' : `?${query}`}`;
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

/**
 * The response with every occurrence of the given secret values replaced: a target that echoes
 * the request (many debugging endpoints do) must not put a secret into a stored outcome.
 */
export function scrubSecrets(response: RecordedResponse | undefined, secrets: readonly string[]): RecordedResponse | undefined {
  if (response === undefined) return undefined;
  let body = response.body;
  for (const secret of secrets) {
    // Very short values would blank out ordinary text; no real secret is that short.
    if (secret.length >= 6) body = body.split(secret).join('<redacted>');
  }
  return body === response.body ? response : { ...response, body };
}
