import { DEFAULTS } from './switchboard-config.js';
import { PROVIDER_CATALOG } from '../providers/catalog.js';
import type { ProviderDefinition } from '../providers/define-provider.js';
import { BOOLEAN_WORDS } from './compile-thinking.js';
import { DEFAULT_COOLDOWN_POLICY } from '../routing/cooldown-policy.js';
import { buildCredentials } from './compile-credentials.js';
import { compileQuirks } from './compile-upstream-fields.js';
import type { ConfigIssue } from './config-error.js';
import { isHttpUrl, isProxyUrl } from './schema.js';
import type {
  ModelRouting,
  UpstreamAuthStyle,
  UpstreamConfig,
  UpstreamFormat,
  UpstreamLimits,
} from './switchboard-config.js';

/** The process environment (or a test's stand-in): variable name → value. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** `file` of issues about environment variables. */
const ENVIRONMENT_FILE = 'environment';

/**
 * claude-code-proxy's routing variables (seed 004) and the `model-routing` tier each overrides.
 * `MODEL` is the fallback for requests of no tier.
 */
export const MODEL_ROUTING_ENV: Readonly<Record<keyof ModelRouting, string>> = {
  default: 'MODEL',
  opus: 'MODEL_OPUS',
  sonnet: 'MODEL_SONNET',
  haiku: 'MODEL_HAIKU',
};

/** An environment value trimmed, or `undefined` when unset or blank. */
function readVariable(env: Environment, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Applies `MODEL`, `MODEL_OPUS`, `MODEL_SONNET`, `MODEL_HAIKU` over the file's `model-routing`.
 * A blank or unset variable overrides nothing (as claude-code-proxy's blank tiers "inherit").
 * @returns a new routing; tiers with no value are absent.
 */
export function applyModelRoutingEnv(routing: ModelRouting, env: Environment): ModelRouting {
  const result: { -readonly [Tier in keyof ModelRouting]: string | undefined } = {};
  for (const tier of Object.keys(MODEL_ROUTING_ENV) as (keyof ModelRouting)[]) {
    const value = readVariable(env, MODEL_ROUTING_ENV[tier]) ?? routing[tier];
    if (value !== undefined && value !== '') result[tier] = value;
  }
  return result;
}

/** Options of {@link upstreamsFromEnv}. */
export interface UpstreamsFromEnvOptions {
  /** Ids already taken by the file's entries: a provider with one of these ids adds no env upstream. */
  readonly takenIds: ReadonlySet<string>;
  /** The file's global `proxy-url`, used when the provider's `*_PROXY` variable is unset. */
  readonly globalProxyUrl?: string | undefined;
  /**
   * The global traffic limits (`compileProviderLimits`: `provider-limits` and `PROVIDER_*`
   * variables), every env upstream's `limits`; default `DEFAULTS.limits`.
   */
  readonly providerLimits?: UpstreamLimits | undefined;
}

/** Upstreams made from environment variables, with the warnings and issues found on the way. */
export interface UpstreamsFromEnv {
  readonly upstreams: UpstreamConfig[];
  readonly warnings: string[];
  /** Invalid variable values (base URL, proxy URL); `compileConfig` throws them as a `ConfigError`. */
  readonly issues: ConfigIssue[];
}

/**
 * Turns the catalog's provider key variables (`DEEPSEEK_API_KEY`, `GROQ_API_KEYS`, …; seed 004)
 * into upstreams of the provider's format, in catalog order: id = provider id, base URL from the
 * provider's `baseUrlEnv` (`GROQ_BASE_URL`, `GEMINI_BASE_URL`, …) when set else its default, proxy
 * from its `proxyEnv` else the global one, quirks from the catalog (`compileQuirks`),
 * `source: 'env'`; upstreams of a format other than `anthropic` drop every `anthropic-beta`.
 * A provider's `responsesEnv` (`OPENAI_RESPONSES`) set to true switches its upstream to the
 * `openai-responses` format (same base URL, key and auth style); a value that is not
 * `true/false/1/0/yes/no` is an issue.
 * The upstream's credential pool holds `*_API_KEY`, then every key of `*_API_KEYS` (comma or
 * whitespace separated), each once, with the provider's proxy; `apiKey` is the first of them.
 * `*_KEY_USAGE_LIMIT` must be a whole number: a positive one becomes every env credential's
 * `usageLimit` (rotate after that many successful requests), 0 = no proactive rotation.
 * Every env upstream's `limits` are `options.providerLimits` (the global limits).
 * A provider whose id a file entry already has is skipped with a warning. Variables without a key
 * (`OLLAMA_BASE_URL` alone) add nothing: local servers are found by discovery.
 */
export function upstreamsFromEnv(env: Environment, options: UpstreamsFromEnvOptions): UpstreamsFromEnv {
  const upstreams: UpstreamConfig[] = [];
  const warnings: string[] = [];
  const issues: ConfigIssue[] = [];
  for (const provider of PROVIDER_CATALOG) {
    const keys = providerKeys(env, provider);
    const usageLimit = checkKeyUsageLimit(env, provider);
    if (usageLimit.issue !== undefined) issues.push(usageLimit.issue);
    const format = checkResponsesFormat(env, provider, issues);
    const first = keys[0];
    if (first === undefined) continue;
    if (options.takenIds.has(provider.id)) {
      warnings.push(
        `${first.variable} is set but not used: the config file already defines upstream "${provider.id}"`,
      );
      continue;
    }
    const baseUrl = readVariable(env, provider.baseUrlEnv) ?? provider.defaultBaseUrl;
    if (provider.baseUrlEnv !== undefined && !isHttpUrl(baseUrl)) {
      issues.push({
        file: ENVIRONMENT_FILE,
        path: provider.baseUrlEnv,
        message: `expected an http:// or https:// URL, found ${JSON.stringify(baseUrl)}`,
      });
    }
    const proxyUrl = readVariable(env, provider.proxyEnv);
    if (proxyUrl !== undefined && !isProxyUrl(proxyUrl) && provider.proxyEnv !== undefined) {
      issues.push({
        file: ENVIRONMENT_FILE,
        path: provider.proxyEnv,
        message: 'expected an http://, https:// or socks5:// URL (value not shown: it may hold a password)',
      });
    }
    const credentials = buildCredentials(
      provider.id,
      keys.map((key) => ({
        apiKey: key.key,
        proxyUrl: proxyUrl ?? options.globalProxyUrl,
        usageLimit: usageLimit.limit,
      })),
    );
    upstreams.push({
      id: provider.id,
      providerId: provider.id,
      format,
      baseUrl: baseUrl.replace(/\/+$/, ''),
      apiKey: first.key,
      credentials,
      cooldownPolicy: DEFAULT_COOLDOWN_POLICY,
      limits: options.providerLimits ?? DEFAULTS.limits,
      authStyle: keyedAuthStyle(provider.authStyle, format),
      headers: {},
      proxyUrl: proxyUrl ?? options.globalProxyUrl,
      models: [],
      excludedModels: [],
      betaPolicy: format === 'anthropic' ? { mode: 'pass' } : { mode: 'drop-all' },
      countTokens: format === provider.format && provider.countTokens,
      ...compileQuirks(provider, { format }),
      source: 'env',
      origin: `env ${first.variable}`,
    });
  }
  return { upstreams, warnings, issues };
}

/**
 * The format of the provider's environment upstream: `openai-responses` when its `responsesEnv`
 * variable is true, else the provider's own. An invalid value adds an issue and keeps the default.
 */
function checkResponsesFormat(
  env: Environment,
  provider: ProviderDefinition,
  issues: ConfigIssue[],
): UpstreamFormat {
  const text = readVariable(env, provider.responsesEnv);
  if (text === undefined || provider.responsesEnv === undefined) return provider.format;
  const value = BOOLEAN_WORDS[text.toLowerCase()];
  if (value === undefined) {
    issues.push({
      file: ENVIRONMENT_FILE,
      path: provider.responsesEnv,
      message: `expected true, false, 1, 0, yes or no, found ${JSON.stringify(text)}`,
    });
  }
  return value === true ? 'openai-responses' : provider.format;
}

/**
 * The provider's `*_KEY_USAGE_LIMIT` as a whole number, or an issue when it is not one
 * (blank or unset: no limit, no issue).
 */
function checkKeyUsageLimit(
  env: Environment,
  provider: ProviderDefinition,
): { limit?: number | undefined; issue?: ConfigIssue | undefined } {
  const text = readVariable(env, provider.keyUsageLimitEnv);
  if (text === undefined || provider.keyUsageLimitEnv === undefined) return {};
  if (/^\d+$/.test(text)) return { limit: Number(text) };
  return {
    issue: {
      file: ENVIRONMENT_FILE,
      path: provider.keyUsageLimitEnv,
      message: `expected a whole number of requests per key (0 = no proactive rotation), found ${JSON.stringify(text)}`,
    },
  };
}

/** The keys a provider's variables hold, `*_API_KEY` first, duplicates removed. */
function providerKeys(env: Environment, provider: ProviderDefinition): { key: string; variable: string }[] {
  const keys: { key: string; variable: string }[] = [];
  const single = readVariable(env, provider.keyEnv);
  if (single !== undefined && provider.keyEnv !== undefined)
    keys.push({ key: single, variable: provider.keyEnv });
  const several = readVariable(env, provider.keysEnv);
  if (several !== undefined && provider.keysEnv !== undefined) {
    for (const key of several.split(/[\s,]+/)) {
      if (key !== '' && !keys.some((known) => known.key === key))
        keys.push({ key, variable: provider.keysEnv });
    }
  }
  return keys;
}

/**
 * The auth style for an upstream that has a key: the provider's, except that `none` (a keyless
 * local server given a key anyway) becomes `x-api-key`, and so does `x-goog-api-key` on an upstream
 * of another format than `gemini` (only Gemini's API reads that header).
 * @param format the upstream's format; absent = the provider's own
 */
export function keyedAuthStyle(
  providerStyle: UpstreamAuthStyle | undefined,
  format?: UpstreamFormat,
): UpstreamAuthStyle {
  if (providerStyle === undefined || providerStyle === 'none') return 'x-api-key';
  if (providerStyle === 'x-goog-api-key' && format !== undefined && format !== 'gemini') return 'x-api-key';
  return providerStyle;
}
