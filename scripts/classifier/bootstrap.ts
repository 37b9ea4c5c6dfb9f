/**
 * A confidence interval for an accuracy measured on grouped data: resample whole services (the
 * unit a router meets), not alerts, since one service's alerts succeed or fail together.
 */

/** A small seeded PRNG (mulberry32), so the interval is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The 2.5th and 97.5th percentiles of accuracy over `rounds` resamples of the groups. */
export function groupBootstrapInterval(correct: readonly boolean[], groups: readonly string[], rounds = 2_000, seed = 1): [number, number] {
  const tallies = new Map<string, { right: number; total: number }>();
  correct.forEach((ok, i) => {
    const group = groups[i] as string;
    const tally = tallies.get(group) ?? { right: 0, total: 0 };
    tally.right += ok ? 1 : 0;
    tally.total += 1;
    tallies.set(group, tally);
  });
  const list = [...tallies.values()];
  const random = seededRandom(seed);
  const accuracies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let right = 0;
    let total = 0;
    for (let draw = 0; draw < list.length; draw++) {
      const tally = list[Math.floor(random() * list.length)] as { right: number; total: number };
      right += tally.right;
      total += tally.total;
    }
    accuracies.push(right / total);
  }
  accuracies.sort((a, b) => a - b);
  return [accuracies[Math.floor(rounds * 0.025)] ?? 0, accuracies[Math.floor(rounds * 0.975)] ?? 0];
}
