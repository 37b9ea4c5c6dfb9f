/**
 * The one cache in front of secret reads (tenant API keys and executor secrets, the audit
 * checkpoint key): a value read is kept for `ttlMs`, per key; a failed read is not kept, so one
 * SSM or Secrets Manager hiccup costs one call, not the container's life. Concurrent callers
 * share one read in flight. Hand-written: Powertools Parameters caches by parameter name, but a
 * tenant's reference must be checked against its namespace, per call, before any read.
 *
 * @example
 * const cache = secretCache({ ttlMs: 300_000 });
 * const key = await cache(`${tenant}\u0000${ref}`, () => readKey(tenant, ref));
 */
export function secretCache(options: { readonly ttlMs: number; readonly now?: () => number }) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { readonly expiresAt: number; readonly value: Promise<string> }>();
  return (key: string, read: () => Promise<string>): Promise<string> => {
    const cached = entries.get(key);
    if (cached !== undefined && cached.expiresAt > now()) return cached.value;
    const value = read();
    entries.set(key, { expiresAt: now() + options.ttlMs, value });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
}
