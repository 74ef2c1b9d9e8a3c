/** IMF-fixdate, obsolete RFC 850 and asctime() formats (RFC 9110 §5.6.7). */
const HTTP_DATE_FORMATS = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

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
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // An HTTP date in one of RFC 9110 §5.6.7's three formats; anything else (negative numbers,
  // free text) is no usable hint.
  if (!HTTP_DATE_FORMATS.some((format) => format.test(text))) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
