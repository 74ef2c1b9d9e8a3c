/**
 * Texts that JSON encoders get wrong when they take shortcuts: quotes, backslashes and slashes,
 * control characters, U+2028/U+2029 and astral characters, a lone surrogate. For tests that compare
 * an encoder's hot path with `JSON.stringify`.
 */
export const AWKWARD_TEXTS: readonly string[] = [
  'plain',
  'quote " backslash \\ slash /',
  'line\nbreak\ttab\u0001',
  '\u2028\u2029 ☃ 😀',
  '\ud800 lone',
];
