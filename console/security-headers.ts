/**
 * The console's security headers, one definition for the local server and for CloudFront's
 * response headers policy (resources/console.yml, held to this by an infra test): a CSP without
 * `unsafe-inline`, no framing, no referrer across origins, HSTS.
 */
export interface ConsoleOrigins {
  /** The API, the OpenID provider, and the live-updates WebSocket, when they are other origins. */
  readonly connect: readonly string[];
}

export function contentSecurityPolicy(origins: ConsoleOrigins): string {
  const connect = ["'self'", ...origins.connect].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(origins: ConsoleOrigins): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(origins),
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    'cross-origin-opener-policy': 'same-origin',
  };
}
