/**
 * A seeded pseudo-random source for property-style tests: the same seed gives the same sequence,
 * so a failing case names its seed and replays. Mulberry32 (a 32-bit state, each output mixed with
 * multiply-xorshift steps; all bits usable), scaled from its top bits. Not for anything but tests.
 * @param seed any integer ≥ 0
 * @returns `next(n)`: the next number in [0, n) (n ≥ 1)
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    const unit = ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
    return Math.floor(unit * n);
  };
}
