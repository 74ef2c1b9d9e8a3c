import { z } from 'zod';

/**
 * Field schemas shared by the sections of `config.yaml` (see `schema.ts`): URLs, upstream ids,
 * headers, models, `max-tokens`. Shapes and ranges only; meaning is given at compile time.
 */

/** Upstream `name` / `prefix`: used as the upstream part of `upstream/model`, so no `/`. */
export const UPSTREAM_ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The message of an upstream id that is not {@link UPSTREAM_ID_PATTERN}. */
export const UPSTREAM_ID_MESSAGE =
  'expected only letters, digits, ".", "_" and "-" (no "/": it names the upstream in "upstream/model")';

/**
 * Whether `value` is an absolute `http:` or `https:` URL with a host.
 * @param value any string; surrounding whitespace is not trimmed.
 */
export function isHttpUrl(value: string): boolean {
  return hasProtocol(value, ['http:', 'https:']);
}

/**
 * Whether `value` is an outbound proxy URL: `http:`, `https:`, `socks5:` or `socks5h:` with a host.
 * @param value any string; surrounding whitespace is not trimmed.
 */
export function isProxyUrl(value: string): boolean {
  return hasProtocol(value, ['http:', 'https:', 'socks5:', 'socks5h:']);
}

function hasProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A `proxy-url`: an http(s) or socks5 URL, or "" (= unset). */
export const proxyUrlSchema = z.string().refine((value) => value.trim() === '' || isProxyUrl(value.trim()), {
  error: 'expected an http://, https:// or socks5:// URL, or ""',
});

/** An upstream `name` or `prefix` ("" = unset). */
export const upstreamIdSchema = z
  .string()
  .refine((value) => value === '' || UPSTREAM_ID_PATTERN.test(value), { error: UPSTREAM_ID_MESSAGE });

/** A `max_tokens` cap in tokens: a positive integer. */
export const maxTokensSchema = z.int().min(1);

/** One `models` item: the upstream model id, an alias clients may use, its own `max-tokens`. */
export const upstreamModelSchema = z.strictObject({
  name: z.string().trim().min(1, { error: 'expected a non-empty model name' }),
  alias: z.string().nullish(),
  /** Cap of `max_tokens` for this model, tokens (Switchboard's key). */
  'max-tokens': maxTokensSchema.nullish(),
});

/** `headers`: extra HTTP headers sent upstream, name → value (no line breaks). */
export const headersSchema = z.record(
  z.string().regex(HEADER_NAME_PATTERN, { error: 'expected an HTTP header name (letters, digits, "-")' }),
  z.string().refine((value) => !/[\r\n\0]/.test(value), {
    error: 'expected a header value without line breaks',
  }),
);

/**
 * The traffic-limit keys shared by `provider-limits` and every upstream entry (seed 004's
 * `PROVIDER_RATE_LIMIT`, `PROVIDER_RATE_WINDOW`, `PROVIDER_MAX_CONCURRENCY`): `rate-limit` requests
 * per window (0 = none), `rate-window` seconds (> 0), `max-concurrency` requests in flight (0 =
 * none). Compiled by `compile-limits.ts`.
 */
export const limitFields = {
  'rate-limit': z.int().min(0).nullish(),
  'rate-window': z.number().positive().nullish(),
  'max-concurrency': z.int().min(0).nullish(),
};

/**
 * Whether a timeout text means "wait forever": blank, `0` or `none` (any case, surrounding
 * whitespace ignored), seed 004's spellings for `HTTP_READ_TIMEOUT`.
 */
export function isNoTimeoutWord(text: string): boolean {
  const word = text.trim().toLowerCase();
  return word === '' || word === '0' || word === 'none';
}

const TIMEOUT_MESSAGE = 'expected seconds (a number of at least 0), or 0, "" or "none" to wait forever';

/**
 * One `timeouts` value, seconds: a number ≥ 0, or `""` / `"none"` (= 0, wait forever). `null` (the
 * key written without a value) is kept, and also means wait forever (unlike other keys).
 */
export const timeoutSchema = z
  .union([z.number().min(0), z.string().refine(isNoTimeoutWord, { error: TIMEOUT_MESSAGE })], {
    error: TIMEOUT_MESSAGE,
  })
  .nullish();
