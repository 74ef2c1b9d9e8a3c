/**
 * The running configuration as JSON for `GET /v0/management/config` (issue 6): the compiled view
 * (`SwitchboardConfig` field names, units in the names: ms, bytes), every secret masked.
 */
import type { SwitchboardConfig } from '../../config/switchboard-config.js';

/** Shortest secret shown as `first4…last4`; shorter ones are only `****`. */
export const MASK_VISIBLE_MIN_LENGTH = 12;

/** Fields whose string values (or string list items) are credentials: masked. */
const MASKED_FIELDS = new Set(['apiKey', 'apiKeys']);
/** Fields never shown at all, only whether they are set. */
const HIDDEN_FIELDS = new Set(['secretKey']);
/** Fields whose values are maps of strings that may carry a credential (`Authorization: …`). */
const MASKED_MAP_FIELDS = new Set(['headers']);
/** Fields holding URLs whose user-info part (`user:pass@`) is a credential. */
const URL_FIELDS = new Set(['proxyUrl', 'baseUrl']);

/**
 * Masks a secret: `sk-a…wxyz` (first and last 4 characters) when it has at least
 * {@link MASK_VISIBLE_MIN_LENGTH} characters, else `****`; `""` stays `""`.
 */
export function maskSecret(value: string): string {
  if (value === '') return '';
  if (value.length < MASK_VISIBLE_MIN_LENGTH) return '****';
  return `${value.slice(0, 4)}…${value.slice(-4)}`;
}

/** Replaces the user-info of a URL (`socks5://user:pass@host`) with `****`. */
export function maskUrlCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1****@');
}

/**
 * The config as plain JSON: Maps become objects, functions are dropped, and by field name:
 * `apiKey` / `apiKeys` masked ({@link maskSecret}), `secretKey` replaced by `"****"` when set,
 * `headers` values masked, `proxyUrl` / `baseUrl` user-info masked. Never a usable credential.
 */
export function describeConfig(config: SwitchboardConfig): unknown {
  return toJson(config, undefined);
}

function toJson(value: unknown, field: string | undefined): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') return maskString(value, field);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return undefined;
  if (Array.isArray(value)) return value.map((item) => toJson(item, field));
  if (value instanceof Map) {
    return Object.fromEntries([...value.entries()].map(([key, item]) => [String(key), toJson(item, field)]));
  }
  if (value instanceof Set) return [...value].map((item) => toJson(item, field));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function') continue;
    if (MASKED_MAP_FIELDS.has(key) && item !== null && typeof item === 'object') {
      result[key] = Object.fromEntries(
        Object.entries(item as Record<string, unknown>).map(([name, text]) => [
          name,
          typeof text === 'string' ? maskSecret(text) : null,
        ]),
      );
      continue;
    }
    result[key] = toJson(item, key);
  }
  return result;
}

function maskString(value: string, field: string | undefined): string {
  if (field === undefined) return value;
  if (HIDDEN_FIELDS.has(field)) return value === '' ? '' : '****';
  if (MASKED_FIELDS.has(field)) return maskSecret(value);
  if (URL_FIELDS.has(field)) return maskUrlCredentials(value);
  return value;
}
