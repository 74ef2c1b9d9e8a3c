/**
 * A seeded pseudo-random source for property-style tests: the same seed gives the same sequence,
 * so a failing case names its seed and replays. A linear congruential generator (the C standard's
 * example constants); not for anything but tests.
 * @param seed any integer ≥ 0
 * @returns `next(n)`: the next number in [0, n) (n ≥ 1)
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}
