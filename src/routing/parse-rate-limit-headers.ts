import { parseRetryAfterMs } from '../upstream/parse-retry-after.js';

/** Response headers with lower-case names; an array value counts by its first element. */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Anthropic's rate-limit families: each has `-limit`, `-remaining` and `-reset` (RFC 3339 time).
 * Source: Anthropic docs, "Rate limits" → "Response headers"
 * (https://docs.anthropic.com/en/api/rate-limits).
 */
const ANTHROPIC_FAMILIES = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

/**
 * OpenAI's rate-limit families: `x-ratelimit-limit-<f>`, `x-ratelimit-remaining-<f>` and
 * `x-ratelimit-reset-<f>` (a duration such as `1s`, `6m0s`, `20ms`). Source: OpenAI docs,
 * "Rate limits" → "Rate limits in headers" (https://platform.openai.com/docs/guides/rate-limits).
 * Groq, Cerebras, OpenRouter and others send the same names.
 */
const OPENAI_FAMILIES = ['requests', 'tokens'] as const;

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000_001,
};

/**
 * How long an upstream asks the caller to wait before this credential is usable again, in ms.
 *
 * Order, first usable hint wins:
 * 1. `retry-after-ms`, then `Retry-After` (seconds or HTTP date), any status ({@link parseRetryAfterMs});
 * 2. for a 429 only, Gemini's body: `error.details[]` entry whose `@type` ends in
 *    `google.rpc.RetryInfo`, `retryDelay` a protobuf JSON Duration (`"47s"`, `"0.5s"`). Source:
 *    google/rpc/error_details.proto (`RetryInfo.retry_delay`: "Clients should wait at least this
 *    long between retrying the same request"), Gemini API "Troubleshooting" (429 RESOURCE_EXHAUSTED);
 * 3. for a 429 only, `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset`
 *    (RFC 3339 times): the latest reset among the families whose `-remaining` is 0, else the latest
 *    of all (as proposed in anthropic-sdk-typescript#357);
 * 4. for a 429 only, OpenAI's `x-ratelimit-reset-{requests,tokens}` durations, picked the same way.
 *
 * @param status the upstream's HTTP status
 * @param headers response headers, lower-case names
 * @param body the response body text, when read (for Gemini's RetryInfo)
 * @param now current time, ms since epoch
 * @returns ms to wait (≥ 0), or `undefined` when the answer carries no usable hint. Never throws.
 */
export function retryHintMs(
  status: number,
  headers: ResponseHeaders,
  body: string | undefined,
  now: number,
): number | undefined {
  const retryAfter = parseRetryAfterMs(headers, now);
  if (retryAfter !== undefined) return retryAfter;
  if (status !== 429) return undefined;
  return (
    geminiRetryDelayMs(body) ??
    latestRelevant(
      ANTHROPIC_FAMILIES.map((family) => ({
        remaining: numberHeader(headers, `anthropic-ratelimit-${family}-remaining`),
        waitMs: rfc3339WaitMs(header(headers, `anthropic-ratelimit-${family}-reset`), now),
      })),
    ) ??
    latestRelevant(
      OPENAI_FAMILIES.map((family) => ({
        remaining: numberHeader(headers, `x-ratelimit-remaining-${family}`),
        waitMs: parseDurationMs(header(headers, `x-ratelimit-reset-${family}`)),
      })),
    )
  );
}

/** (remaining, limit) header-name pairs of every rate-limit window, built once. */
const REMAINING_LIMIT_PAIRS: readonly (readonly [string, string])[] = [
  ...ANTHROPIC_FAMILIES.map(
    (family) => [`anthropic-ratelimit-${family}-remaining`, `anthropic-ratelimit-${family}-limit`] as const,
  ),
  ...OPENAI_FAMILIES.map(
    (family) => [`x-ratelimit-remaining-${family}`, `x-ratelimit-limit-${family}`] as const,
  ),
];

/**
 * The smallest remaining share of any rate-limit window the headers report: `remaining / limit`
 * over Anthropic's `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{remaining,limit}`
 * and OpenAI's `x-ratelimit-{remaining,limit}-{requests,tokens}` (sources as for {@link retryHintMs}).
 * Pairs with a missing, non-numeric or non-positive limit are skipped (Azure sends `-1`).
 * @returns a fraction in [0, 1], or `undefined` when no pair is usable. Never throws.
 */
export function remainingFraction(headers: ResponseHeaders): number | undefined {
  let smallest: number | undefined;
  for (const [remainingName, limitName] of REMAINING_LIMIT_PAIRS) {
    const remaining = numberHeader(headers, remainingName);
    const limit = numberHeader(headers, limitName);
    if (remaining === undefined || limit === undefined || limit <= 0 || remaining < 0) continue;
    const fraction = Math.min(1, remaining / limit);
    if (smallest === undefined || fraction < smallest) smallest = fraction;
  }
  return smallest;
}

/**
 * Parses a Go-style duration as OpenAI sends it: one or more `<number><unit>` groups, units
 * `h`, `m`, `s`, `ms`, `us`/`µs`, `ns` (`1s`, `6m0s`, `20ms`, `1h2m3.5s`). A bare number is seconds.
 * @returns ms, or `undefined` for anything else
 */
export function parseDurationMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    total += Number(match[1]) * (DURATION_UNITS_MS[match[2] ?? ''] ?? 0);
  }
  return total;
}

/** Gemini's `RetryInfo.retryDelay` from an error body, ms. */
function geminiRetryDelayMs(body: string | undefined): number | undefined {
  if (body === undefined || !body.includes('RetryInfo')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  // The OpenAI-compatible endpoint wraps the envelope in an array.
  const envelope: unknown = Array.isArray(json) ? json[0] : json;
  const details = field(field(envelope, 'error'), 'details');
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const type = field(detail, '@type');
    const delay = field(detail, 'retryDelay');
    if (typeof type !== 'string' || !type.endsWith('google.rpc.RetryInfo') || typeof delay !== 'string')
      continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
    if (match) return Number(match[1]) * 1000;
  }
  return undefined;
}

/** The longest wait among windows reported exhausted (remaining 0), else among all windows. */
function latestRelevant(
  windows: readonly { remaining: number | undefined; waitMs: number | undefined }[],
): number | undefined {
  const known = windows.filter((window) => window.waitMs !== undefined);
  const exhausted = known.filter((window) => window.remaining !== undefined && window.remaining <= 0);
  const chosen = exhausted.length > 0 ? exhausted : known;
  if (chosen.length === 0) return undefined;
  return Math.max(...chosen.map((window) => window.waitMs ?? 0));
}

function rfc3339WaitMs(value: string | undefined, now: number): number | undefined {
  if (
    value === undefined ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value.trim())
  ) {
    return undefined;
  }
  const at = Date.parse(value.trim());
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function numberHeader(headers: ResponseHeaders, name: string): number | undefined {
  const value = header(headers, name);
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value.trim());
  return Number.isFinite(number) ? number : undefined;
}

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}
