/**
 * The order a tenant's providers are tried in for one alert. Providers with a `weight` form one
 * A/B variant group: each alert is assigned one of them, in proportion to the weights and sticky
 * per fingerprint (a hash, so every Lambda instance and every revision of the alert agrees). The
 * assigned provider takes the group's place in the list (the first weighted provider's); the
 * other members stay where they were, as fallbacks.
 */
import { createHash } from 'node:crypto';

export interface Weighted {
  readonly id: string;
  readonly weight?: number;
}

export interface ProviderOrder<P extends Weighted> {
  readonly ordered: readonly P[];
  /** The provider this alert was assigned in the variant group, when there is one. */
  readonly variant?: P;
}

/** A number in [0, 1) from the fingerprint, the same everywhere. */
export function stickyPoint(fingerprint: string): number {
  const digest = createHash('sha256').update(`alertgate-ab:${fingerprint}`).digest();
  // 48 bits are plenty for weights that sum to at most a few hundred.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The group member `fingerprint` is assigned, in proportion to weights. */
export function pickVariant<P extends Weighted>(group: readonly P[], fingerprint: string): P | undefined {
  const total = group.reduce((sum, provider) => sum + (provider.weight ?? 0), 0);
  if (total <= 0) return group[0];
  let point = stickyPoint(fingerprint) * total;
  for (const provider of group) {
    point -= provider.weight ?? 0;
    if (point < 0) return provider;
  }
  return group.at(-1);
}

/**
 * @example
 * orderProviders([a, b({ weight: 50 }), c, d({ weight: 50 })], fingerprint)
 * // → { ordered: [a, d, b, c], variant: d } for a fingerprint assigned to d
 */
export function orderProviders<P extends Weighted>(providers: readonly P[], fingerprint: string): ProviderOrder<P> {
  const group = providers.filter((provider) => provider.weight !== undefined);
  const variant = pickVariant(group, fingerprint);
  if (variant === undefined) return { ordered: providers };
  const slot = providers.findIndex((provider) => provider.weight !== undefined);
  const rest = providers.filter((provider) => provider !== variant);
  return { ordered: [...rest.slice(0, slot), variant, ...rest.slice(slot)], variant };
}
