/**
 * Converts a duration of the YAML (seconds, fractions allowed) into ms, rounded to the nearest ms.
 * @param seconds a validated number of seconds (≥ 0), or `null`/`undefined` for "not set"
 * @returns the ms, or `undefined` when `seconds` is not set
 */
export function compileSeconds(seconds: number | null | undefined): number | undefined {
  return seconds == null ? undefined : Math.round(seconds * 1000);
}
