import { z } from 'zod';
import { PROVIDER_IDS } from '../providers/catalog.js';

/**
 * The zod schema of `config.yaml` as written: CLIProxyAPI's kebab-case keys (seed 002) plus
 * Switchboard's own (`model-routing`, `body-limit-mb`, …). It only checks shapes and ranges;
 * defaults, env overrides and cross-field rules (unique names, no open gateway without a key)
 * live in `compile-config.ts`. Every key is optional and `null` (a key written with no value)
 * counts as absent. Objects are strict: an unknown key is an error (with a suggestion), except the
 * CLIProxyAPI keys listed in {@link ACCEPTED_UNUSED_KEYS}.
 */

/** Upstream `name` / `prefix`: used as the upstream part of `upstream/model`, so no `/`. */
export const UPSTREAM_ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * CLIProxyAPI keys a later issue implements. They are accepted with any value so a CLIProxyAPI
 * `config.yaml` loads, and each present one yields the warning `<key> is accepted but not used yet`.
 */
export const ACCEPTED_UNUSED_KEYS = [
  'tls',
  'remote-management',
  'auth-dir',
  'logging-to-file',
  'logs-max-total-size-mb',
  'usage-statistics-enabled',
  'commercial-mode',
  'routing',
  'quota-exceeded',
  'oauth-model-alias',
  'payload',
  'ws-auth',
] as const;

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

const proxyUrlSchema = z.string().refine((value) => value.trim() === '' || isProxyUrl(value.trim()), {
  error: 'expected an http://, https:// or socks5:// URL, or ""',
});

const upstreamIdSchema = z.string().refine((value) => value === '' || UPSTREAM_ID_PATTERN.test(value), {
  error:
    'expected only letters, digits, ".", "_" and "-" (no "/": it names the upstream in "upstream/model")',
});

/** A `max_tokens` cap in tokens: a positive integer. */
const maxTokensSchema = z.int().min(1);

const upstreamModelSchema = z.strictObject({
  name: z.string().trim().min(1, { error: 'expected a non-empty model name' }),
  alias: z.string().nullish(),
  /** Cap of `max_tokens` for this model, tokens (Switchboard's key). */
  'max-tokens': maxTokensSchema.nullish(),
});

const headersSchema = z.record(
  z.string().regex(HEADER_NAME_PATTERN, { error: 'expected an HTTP header name (letters, digits, "-")' }),
  z.string().refine((value) => !/[\r\n\0]/.test(value), {
    error: 'expected a header value without line breaks',
  }),
);

/** One `claude-api-key` entry: an Anthropic-format upstream (Anthropic's API, a relay, a local server). */
export const claudeApiKeyEntrySchema = z.strictObject({
  name: upstreamIdSchema.nullish(),
  'api-key': z.string().nullish(),
  'base-url': z
    .string()
    .refine((value) => value.trim() === '' || isHttpUrl(value.trim()), {
      error: 'expected an http:// or https:// URL, or "" for Anthropic\'s API',
    })
    .nullish(),
  'proxy-url': proxyUrlSchema.nullish(),
  headers: headersSchema.nullish(),
  models: z.array(upstreamModelSchema).nullish(),
  'excluded-models': z.array(z.string()).nullish(),
  prefix: upstreamIdSchema.nullish(),
  'auth-style': z.enum(['x-api-key', 'bearer', 'none']).nullish(),
  'drop-betas': z
    .union([z.boolean(), z.array(z.string().min(1))], {
      error: 'expected true (drop every anthropic-beta), false, or a list of beta names',
    })
    .nullish(),
  'count-tokens': z.boolean().nullish(),
  'max-tokens': maxTokensSchema.nullish(),
});

/** One `api-key-entries` item of an `openai-compatibility` entry (seed 002). */
const apiKeyEntrySchema = z.strictObject({
  'api-key': z.string().nullish(),
  'proxy-url': proxyUrlSchema.nullish(),
});

/**
 * One `openai-compatibility` entry: an upstream spoken to in OpenAI's Chat Completions format.
 * CLIProxyAPI's keys (`name` and `base-url` required, `prefix`, `api-key-entries`, the legacy
 * `api-keys` list, `models`) plus Switchboard's `headers`, `excluded-models`, `max-tokens` and
 * `provider` (a catalog id whose quirks apply; else guessed from the base URL's host).
 */
export const openAiCompatibilityEntrySchema = z.strictObject({
  name: z
    .string()
    .min(1, { error: 'expected a non-empty name', abort: true })
    .refine((value) => UPSTREAM_ID_PATTERN.test(value), {
      error:
        'expected only letters, digits, ".", "_" and "-" (no "/": it names the upstream in "upstream/model")',
    }),
  prefix: upstreamIdSchema.nullish(),
  'base-url': z.string().refine((value) => isHttpUrl(value.trim()), {
    error: 'expected an http:// or https:// URL',
  }),
  'api-key-entries': z.array(apiKeyEntrySchema).nullish(),
  'api-keys': z.array(z.string()).nullish(),
  models: z.array(upstreamModelSchema).nullish(),
  headers: headersSchema.nullish(),
  'excluded-models': z.array(z.string()).nullish(),
  'max-tokens': maxTokensSchema.nullish(),
  provider: z.enum(PROVIDER_IDS as [string, ...string[]]).nullish(),
});

/**
 * The keys of a `gemini-api-key` or `codex-api-key` entry (seed 002: `api-key`, `prefix`,
 * `base-url`, `proxy-url`, `headers`, `models`, `excluded-models`) plus Switchboard's `name` and
 * `max-tokens`, as in `claude-api-key` entries. `base-url` "" or absent = the provider's API.
 * @param defaultApi names the API an empty `base-url` means, for the error message
 */
function keyedEntrySchema(defaultApi: string) {
  return z.strictObject({
    name: upstreamIdSchema.nullish(),
    'api-key': z.string().nullish(),
    prefix: upstreamIdSchema.nullish(),
    'base-url': z
      .string()
      .refine((value) => value.trim() === '' || isHttpUrl(value.trim()), {
        error: `expected an http:// or https:// URL, or "" for ${defaultApi}`,
      })
      .nullish(),
    'proxy-url': proxyUrlSchema.nullish(),
    headers: headersSchema.nullish(),
    models: z.array(upstreamModelSchema).nullish(),
    'excluded-models': z.array(z.string()).nullish(),
    'max-tokens': maxTokensSchema.nullish(),
  });
}

/** One `gemini-api-key` entry: an upstream spoken to in Gemini's `generateContent` format. */
export const geminiApiKeyEntrySchema = keyedEntrySchema("Google's Gemini API");

/** One `codex-api-key` entry: an upstream spoken to in OpenAI's Responses format. */
export const codexApiKeyEntrySchema = keyedEntrySchema("OpenAI's API");

/**
 * Thinking switches per Claude Code tier (`true` keep, `false` strip, absent = leave the request
 * as is); the `ENABLE_*_THINKING` variables override them.
 */
export const thinkingSchema = z.strictObject({
  default: z.boolean().nullish(),
  opus: z.boolean().nullish(),
  sonnet: z.boolean().nullish(),
  haiku: z.boolean().nullish(),
});

/** Claude Code tier targets: model references (`deepseek/deepseek-chat` or a bare name); "" = unset. */
export const modelRoutingSchema = z.strictObject({
  opus: z.string().nullish(),
  sonnet: z.string().nullish(),
  haiku: z.string().nullish(),
  default: z.string().nullish(),
});

/** The whole file. Units are those of the YAML (seconds, MiB); compile converts to ms and bytes. */
export const configSchema = z.strictObject({
  host: z.string().nullish(),
  port: z.int().min(1).max(65535).nullish(),
  'api-keys': z.array(z.string().min(1, { error: 'expected a non-empty key' })).nullish(),
  debug: z.boolean().nullish(),
  'request-retry': z.int().min(0).nullish(),
  'max-retry-interval': z.number().min(0).nullish(),
  'proxy-url': proxyUrlSchema.nullish(),
  'body-limit-mb': z.number().positive().nullish(),
  'shutdown-grace-seconds': z.number().min(0).nullish(),
  'claude-code-model-ids': z.boolean().nullish(),
  'discover-local': z.boolean().nullish(),
  'model-routing': modelRoutingSchema.nullish(),
  'claude-api-key': z.array(claudeApiKeyEntrySchema).nullish(),
  'openai-compatibility': z.array(openAiCompatibilityEntrySchema).nullish(),
  'gemini-api-key': z.array(geminiApiKeyEntrySchema).nullish(),
  'codex-api-key': z.array(codexApiKeyEntrySchema).nullish(),
  thinking: thinkingSchema.nullish(),
  tls: z.unknown().optional(),
  'remote-management': z.unknown().optional(),
  'auth-dir': z.unknown().optional(),
  'logging-to-file': z.unknown().optional(),
  'logs-max-total-size-mb': z.unknown().optional(),
  'usage-statistics-enabled': z.unknown().optional(),
  'commercial-mode': z.unknown().optional(),
  routing: z.unknown().optional(),
  'quota-exceeded': z.unknown().optional(),
  'oauth-model-alias': z.unknown().optional(),
  payload: z.unknown().optional(),
  'ws-auth': z.unknown().optional(),
});

/** A validated `config.yaml`, keys as written (kebab-case), `null` where a key had no value. */
export type RawConfig = z.output<typeof configSchema>;

/** One validated `claude-api-key` entry. */
export type RawClaudeApiKeyEntry = z.output<typeof claudeApiKeyEntrySchema>;

/** One validated `openai-compatibility` entry. */
export type RawOpenAiCompatibilityEntry = z.output<typeof openAiCompatibilityEntrySchema>;

/** One validated `gemini-api-key` entry. */
export type RawGeminiApiKeyEntry = z.output<typeof geminiApiKeyEntrySchema>;

/** One validated `codex-api-key` entry. */
export type RawCodexApiKeyEntry = z.output<typeof codexApiKeyEntrySchema>;

/** One validated entry of a keyed section (`gemini-api-key` or `codex-api-key`: the same keys). */
export type RawKeyedApiKeyEntry = RawGeminiApiKeyEntry | RawCodexApiKeyEntry;

/** The validated `thinking` mapping. */
export type RawThinking = z.output<typeof thinkingSchema>;

/** One validated `models` item (of every upstream section's entries). */
export type RawUpstreamModel = z.output<typeof upstreamModelSchema>;

function unwrapOptional(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return unwrapOptional(schema.unwrap() as z.ZodType);
  }
  return schema;
}

/**
 * The keys the schema knows for the object at `path` (a zod issue path such as
 * `['claude-api-key', 0]`), for "did you mean" suggestions.
 * @returns the keys, or `[]` when `path` does not lead to an object of the schema.
 */
export function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  let schema: z.ZodType = configSchema;
  for (const segment of path) {
    schema = unwrapOptional(schema);
    if (schema instanceof z.ZodObject) {
      const next: z.ZodType | undefined = (schema.shape as Record<string, z.ZodType>)[String(segment)];
      if (next === undefined) return [];
      schema = next;
    } else if (schema instanceof z.ZodArray) {
      schema = schema.element as z.ZodType;
    } else if (schema instanceof z.ZodRecord) {
      schema = schema.valueType as z.ZodType;
    } else {
      return [];
    }
  }
  schema = unwrapOptional(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as Record<string, z.ZodType>) : [];
}
