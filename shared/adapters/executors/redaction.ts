/** Keeps secrets out of recorded requests: credentials in URLs and secret-bearing headers. */

const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|x-api-key|x-alertgate-signature)$/i;

/** Outcomes keep a URL's origin only, as configuration reads do (one function for both). */
export { hiddenUrl as redactUrl } from '../../domain/tenants/write-only.ts';

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
