/**
 * A small deterministic generator (mulberry32 seeded with a 32-bit FNV-1a hash of a string): the
 * simulated channels must give the same metrics for the same ad and day on every run, so a
 * re-delivery overwrites a fact row with the same numbers.
 */
export function seededRandom(seed: string): () => number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  let state = hash >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function between(random: () => number, [low, high]: readonly [number, number]): number {
  return low + (high - low) * random();
}
