/**
 * Grouped k-fold: every alert of a service falls in the same fold, so a model is always tested
 * on services it never saw, as the router meets new services in production.
 */

/**
 * Assigns each group to one of `k` folds, biggest groups first, each to the fold with the fewest
 * items so far (ties to the lowest fold). Deterministic. Returns the fold of each item.
 */
export function groupedFolds(groups: readonly string[], k: number): number[] {
  const sizes = new Map<string, number>();
  for (const group of groups) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  const ordered = [...sizes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const [group, size] of ordered) {
    const fold = load.indexOf(Math.min(...load));
    foldOf.set(group, fold);
    load[fold] = (load[fold] as number) + size;
  }
  return groups.map((group) => foldOf.get(group) as number);
}

/** Plain k-fold by position (item i in fold i mod k): groups are shared between folds. */
export function itemFolds(count: number, k: number): number[] {
  return Array.from({ length: count }, (_, i) => i % k);
}
