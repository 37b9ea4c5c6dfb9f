import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderProviders, pickVariant, stickyPoint } from '../../../../shared/adapters/llm/provider-order.ts';

const a = { id: 'a' };
const b = { id: 'b', weight: 50 };
const c = { id: 'c' };
const d = { id: 'd', weight: 50 };

function fingerprintAssignedTo(id: string, group: readonly { id: string; weight?: number }[]): string {
  for (let i = 0; ; i++) if (pickVariant(group, `fp-${i}`)?.id === id) return `fp-${i}`;
}

describe('the order providers are tried in', () => {
  it('is the configured order when no provider has a weight', () => {
    expect(orderProviders([a, c], 'fp')).toEqual({ ordered: [a, c] });
  });

  it("puts the alert's variant in the group's place and keeps the other members as fallbacks", () => {
    expect(orderProviders([a, b, c, d], fingerprintAssignedTo('d', [b, d]))).toEqual({ ordered: [a, d, b, c], variant: d });
    expect(orderProviders([a, b, c, d], fingerprintAssignedTo('b', [b, d]))).toEqual({ ordered: [a, b, c, d], variant: b });
  });

  it('gives the same alert the same variant every time (sticky per fingerprint)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (fingerprint) => {
        const first = orderProviders([a, b, c, d], fingerprint);
        expect(orderProviders([a, b, c, d], fingerprint)).toEqual(first);
        expect(first.ordered).toHaveLength(4);
        expect(new Set(first.ordered.map((p) => p.id))).toEqual(new Set(['a', 'b', 'c', 'd']));
      }),
    );
  });

  it('splits alerts between variants in proportion to their weights', () => {
    const group = [
      { id: 'small', weight: 10 },
      { id: 'large', weight: 90 },
    ];
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const id = pickVariant(group, `fingerprint-${i}`)?.id ?? 'none';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect((counts.get('small') ?? 0) / 20_000).toBeCloseTo(0.1, 1);
    expect((counts.get('large') ?? 0) / 20_000).toBeCloseTo(0.9, 1);
  });

  it('maps a fingerprint to a point in [0, 1)', () => {
    fc.assert(
      fc.property(fc.string(), (fingerprint) => {
        const point = stickyPoint(fingerprint);
        expect(point).toBeGreaterThanOrEqual(0);
        expect(point).toBeLessThan(1);
      }),
    );
  });

  it('treats a single weighted provider as a group of one', () => {
    expect(orderProviders([a, { id: 'w', weight: 3 }, c], 'anything')).toEqual({
      ordered: [a, { id: 'w', weight: 3 }, c],
      variant: { id: 'w', weight: 3 },
    });
  });
});
