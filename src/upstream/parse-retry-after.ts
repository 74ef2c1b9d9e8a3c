/**
 * Reads an upstream's retry hint, in the official SDKs' order: `retry-after-ms` (milliseconds),
 * then `retry-after` (seconds, or an HTTP date).
 * Source: anthropic-sdk-typescript / openai-node retry logic; RFC 9110 §10.2.3 (Retry-After).
 * @param headers response headers (lower-case names; arrays take their first value)
 * @param now current time, ms since epoch (for HTTP dates)
 * @returns the delay in ms, or `undefined` when there is no usable hint
 */
export function parseRetryAfterMs(
  headers: Record<string, string | string[] | undefined>,
  now: number = Date.now(),
): number | undefined {
  const milliseconds = Number(first(headers['retry-after-ms']));
  if (first(headers['retry-after-ms']) !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) {
    return milliseconds;
  }
  const value = first(headers['retry-after']);
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
