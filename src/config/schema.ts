import { z } from 'zod';
import { PROVIDER_IDS } from '../providers/catalog.js';
import {
  headersSchema,
  isHttpUrl,
  limitFields,
  maxTokensSchema,
  proxyUrlSchema,
  timeoutSchema,
  UPSTREAM_ID_MESSAGE,
  UPSTREAM_ID_PATTERN,
  upstreamIdSchema,
  upstreamModelSchema,
} from './schema-fields.js';
import type { apiKeyEntrySchema, cooldownSchema } from './schema-pool.js';
import { poolFields, routingSchema } from './schema-pool.js';
import { payloadSchema, remoteManagementSchema, tlsSchema } from './schema-operations.js';

/** Re-exported: URL checks and the upstream id pattern (see `schema-fields.ts`). */
export { isHttpUrl, isProxyUrl, UPSTREAM_ID_PATTERN } from './schema-fields.js';

/**
 * The zod schema of `config.yaml` as written: CLIProxyAPI's kebab-case keys (seed 002) plus
 * Switchboard's own (`model-routing`, `body-limit-mb`, …). It only checks shapes and ranges;
 * defaults, env overrides and cross-field rules (unique names, no open gateway without a key)
 * live in `compile-config.ts`. Every key is optional and `null` (a key written with no value)
 * counts as absent. Objects are strict: an unknown key is an error (with a suggestion), except the
 * CLIProxyAPI keys listed in {@link ACCEPTED_UNUSED_KEYS}.
 */

/**
 * CLIProxyAPI keys a later issue implements. They are accepted with any value so a CLIProxyAPI
 * `config.yaml` loads, and each present one yields the warning `<key> is accepted but not used yet`.
 */
export const ACCEPTED_UNUSED_KEYS = ['commercial-mode', 'oauth-model-alias', 'ws-auth'] as const;

/**
 * One `claude-api-key` entry: an Anthropic-format upstream (Anthropic's API, a relay, a local
 * server). Its keys: `api-key` and `api-key-entries` (each with its own `proxy-url`, `weight`,
 * `priority`, `prefix`); items sharing a `name` (or, unnamed, a `base-url` and `prefix`) are one
 * upstream (see `group-entries.ts`). Like every upstream entry it also takes the traffic limits
 * `rate-limit`, `rate-window` (seconds), `max-concurrency` over `provider-limits`.
 */
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
  ...limitFields,
  ...poolFields,
});

/**
 * One `openai-compatibility` entry: an upstream spoken to in OpenAI's Chat Completions format.
 * CLIProxyAPI's keys (`name` and `base-url` required, `prefix`, `api-key-entries`, the legacy
 * `api-keys` list, `models`) plus Switchboard's `api-key`, `headers`, `excluded-models`,
 * `max-tokens`, `provider` (a catalog id whose quirks apply; else guessed from the base URL's host)
 * the pool keys (`weight`, `priority`, `cooldown`) and the traffic limits (`rate-limit`,
 * `rate-window`, `max-concurrency`).
 */
export const openAiCompatibilityEntrySchema = z.strictObject({
  name: z
    .string()
    .min(1, { error: 'expected a non-empty name', abort: true })
    .refine((value) => UPSTREAM_ID_PATTERN.test(value), { error: UPSTREAM_ID_MESSAGE }),
  prefix: upstreamIdSchema.nullish(),
  'base-url': z.string().refine((value) => isHttpUrl(value.trim()), {
    error: 'expected an http:// or https:// URL',
  }),
  'api-key': z.string().nullish(),
  'api-keys': z.array(z.string()).nullish(),
  models: z.array(upstreamModelSchema).nullish(),
  headers: headersSchema.nullish(),
  'excluded-models': z.array(z.string()).nullish(),
  'max-tokens': maxTokensSchema.nullish(),
  provider: z.enum(PROVIDER_IDS as [string, ...string[]]).nullish(),
  ...limitFields,
  ...poolFields,
});

/**
 * The keys of a `gemini-api-key` or `codex-api-key` entry (seed 002: `api-key`, `prefix`,
 * `base-url`, `proxy-url`, `headers`, `models`, `excluded-models`, `weight`) plus Switchboard's
 * `name`, `max-tokens`, pool keys (`api-key-entries`, `priority`, `cooldown`) and traffic limits
 * (`rate-limit`, `rate-window`, `max-concurrency`), as in `claude-api-key` entries. `base-url` "" or absent = the provider's API.
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
    ...limitFields,
    ...poolFields,
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

/**
 * `provider-limits`: the traffic limits of every upstream (seconds in YAML), under the
 * `PROVIDER_RATE_LIMIT`, `PROVIDER_RATE_WINDOW`, `PROVIDER_MAX_CONCURRENCY` variables and each
 * entry's own keys. `queue-size`: requests that may wait for a slot (int ≥ 0); `queue-timeout`:
 * longest wait, seconds ≥ 0.
 */
export const providerLimitsSchema = z.strictObject({
  ...limitFields,
  'queue-size': z.int().min(0).nullish(),
  'queue-timeout': z.number().min(0).nullish(),
});

/** `timeouts` of upstream HTTP calls, seconds; 0, "", "none" or no value = wait forever. */
export const timeoutsSchema = z.strictObject({
  connect: timeoutSchema,
  write: timeoutSchema,
  read: timeoutSchema,
});

/**
 * `router`: claude-code-router-style rules, each a model reference ("" = unset), plus
 * `long-context-threshold` (tokens, a positive integer).
 */
export const routerSchema = z.strictObject({
  background: z.string().nullish(),
  think: z.string().nullish(),
  'long-context': z.string().nullish(),
  'long-context-threshold': z.int().min(1).nullish(),
  'web-search': z.string().nullish(),
});

/** `quota-exceeded` (seed 002): what to do when a model's quota is exhausted. */
export const quotaExceededSchema = z.strictObject({
  'switch-project': z.boolean().nullish(),
  'switch-preview-model': z.boolean().nullish(),
});

const nonBlank = (what: string) =>
  z.string().refine((value) => value.trim() !== '', { error: `expected a non-empty ${what}` });

/**
 * `fallbacks`: requested model (or `upstream/model` reference) → the model references tried, in
 * order, when its own candidates are exhausted. Emptiness of a list is checked at compile time.
 */
export const fallbacksSchema = z.record(
  nonBlank('model name or reference'),
  z.array(nonBlank('model reference')),
);

/** The whole file. Units are those of the YAML (seconds, MiB); compile converts to ms and bytes. */
export const configSchema = z.strictObject({
  host: z.string().nullish(),
  port: z.int().min(1).max(65535).nullish(),
  'api-keys': z.array(z.string().min(1, { error: 'expected a non-empty key' })).nullish(),
  debug: z.boolean().nullish(),
  'request-retry': z.int().min(0).nullish(),
  'max-retry-interval': z.number().min(0).nullish(),
  'retry-base-delay': z.number().min(0).nullish(),
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
  routing: routingSchema.nullish(),
  'quota-exceeded': quotaExceededSchema.nullish(),
  fallbacks: fallbacksSchema.nullish(),
  router: routerSchema.nullish(),
  'provider-limits': providerLimitsSchema.nullish(),
  timeouts: timeoutsSchema.nullish(),
  tls: tlsSchema.nullish(),
  'remote-management': remoteManagementSchema.nullish(),
  'auth-dir': z.string().nullish(),
  'logging-to-file': z.boolean().nullish(),
  'logs-max-total-size-mb': z.number().min(0).nullish(),
  'usage-statistics-enabled': z.boolean().nullish(),
  payload: payloadSchema.nullish(),
  'commercial-mode': z.unknown().optional(),
  'oauth-model-alias': z.unknown().optional(),
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

/** One validated `api-key-entries` item. */
export type RawApiKeyEntry = z.output<typeof apiKeyEntrySchema>;

/** One validated `cooldown` mapping (seconds). */
export type RawCooldown = z.output<typeof cooldownSchema>;

/** The validated top-level `routing` mapping. */
export type RawRouting = z.output<typeof routingSchema>;

/** The validated `provider-limits` mapping. */
export type RawProviderLimits = z.output<typeof providerLimitsSchema>;

/** The traffic-limit keys of an upstream entry (and of `provider-limits`). */
export type RawLimitFields = Pick<RawProviderLimits, 'rate-limit' | 'rate-window' | 'max-concurrency'>;

/** The validated `timeouts` mapping (seconds; `null` kept: it means wait forever). */
export type RawTimeouts = z.output<typeof timeoutsSchema>;

/** The validated `router` mapping. */
export type RawRouter = z.output<typeof routerSchema>;

/** The validated `quota-exceeded` mapping. */
export type RawQuotaExceeded = z.output<typeof quotaExceededSchema>;

/** The validated `fallbacks` mapping, keys and items as written. */
export type RawFallbacks = z.output<typeof fallbacksSchema>;

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
