import { findProvider, providerForBaseUrl } from '../providers/catalog.js';
import type { Environment } from './apply-env.js';
import { applyModelRoutingEnv, keyedAuthStyle, upstreamsFromEnv } from './apply-env.js';
import type { ConfigIssue } from './config-error.js';
import { ConfigError } from './config-error.js';
import type { LocateLine } from './parse-config-text.js';
import type { RawClaudeApiKeyEntry, RawConfig } from './schema.js';
import { ACCEPTED_UNUSED_KEYS } from './schema.js';
import type {
  BetaPolicy,
  ModelRouting,
  SwitchboardConfig,
  UpstreamAuthStyle,
  UpstreamConfig,
} from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

/** Options of {@link compileConfig}. */
export interface CompileConfigOptions {
  /** Environment variables: provider keys (`DEEPSEEK_API_KEY`, …) and `MODEL*` routing. */
  readonly env: Environment;
  /** Absolute path of the file `raw` came from; names it in issues and in `config.sourcePath`. */
  readonly sourcePath?: string | undefined;
  /** Command-line flags, which win over the file. */
  readonly overrides?: { readonly host?: string | undefined; readonly port?: number | undefined } | undefined;
  /** Line lookup from `parseConfigText`, so compile-time issues carry a line. */
  readonly lineOf?: LocateLine | undefined;
}

/** The compiled configuration plus warnings for the operator (never containing a credential). */
export interface CompiledConfig {
  readonly config: SwitchboardConfig;
  readonly warnings: string[];
}

/** Anthropic's API: the upstream of a `claude-api-key` entry with no `base-url`. */
const ANTHROPIC_PROVIDER_ID = 'anthropic';
const ANTHROPIC_BASE_URL = findProvider(ANTHROPIC_PROVIDER_ID)?.defaultBaseUrl ?? 'https://api.anthropic.com';
const MIB = 1024 * 1024;

/**
 * Compiles a validated file into the immutable {@link SwitchboardConfig} (pure: no I/O).
 * Applies defaults (`DEFAULTS`), converts units (seconds → ms, MiB → bytes), compiles each
 * `claude-api-key` entry into an upstream, appends env upstreams (catalog order), applies `MODEL*`
 * variables and then `overrides`.
 * @throws ConfigError with every problem found: duplicate entry `name`s, invalid environment
 *   values, an invalid `--port`, or a non-loopback `host` with no `api-keys`.
 */
export function compileConfig(raw: RawConfig, options: CompileConfigOptions): CompiledConfig {
  const file = options.sourcePath ?? 'config.yaml';
  const lineOf: LocateLine = options.lineOf ?? (() => undefined);
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  for (const key of ACCEPTED_UNUSED_KEYS) {
    if (raw[key] !== undefined && raw[key] !== null) warnings.push(`${key} is accepted but not used yet`);
  }

  const globalProxyUrl = nonEmpty(raw['proxy-url']);
  const fileUpstreams = compileEntries(raw['claude-api-key'] ?? [], globalProxyUrl, (index, message) =>
    issues.push({
      file,
      line: lineOf(['claude-api-key', index, 'name']),
      path: `claude-api-key[${index}].name`,
      message,
    }),
  );
  const fromEnv = upstreamsFromEnv(options.env, {
    takenIds: new Set(fileUpstreams.map((upstream) => upstream.id)),
    globalProxyUrl,
  });
  issues.push(...fromEnv.issues);
  warnings.push(...fromEnv.warnings);

  const host = options.overrides?.host ?? raw.host ?? DEFAULTS.host;
  const port = options.overrides?.port ?? raw.port ?? DEFAULTS.port;
  // --port 0 asks the OS for a free port (tests, side-by-side instances).
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    issues.push({
      file: 'command line',
      path: '--port',
      message: `expected an integer from 0 to 65535, found ${port}`,
    });
  }
  const apiKeys = [...new Set(raw['api-keys'] ?? [])];
  if (apiKeys.length === 0 && !isLoopbackHost(host)) {
    const fromFile = options.overrides?.host === undefined;
    issues.push({
      file: fromFile ? file : 'command line',
      line: fromFile ? lineOf(['host']) : undefined,
      path: fromFile ? 'host' : '--host',
      message:
        `${host === '' ? '"" (all interfaces)' : JSON.stringify(host)} is reachable from the network but api-keys is empty: ` +
        "anyone who can reach it could spend the owner's paid upstream credentials. " +
        'Set api-keys, or bind to 127.0.0.1',
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);

  const fileRouting = raw['model-routing'];
  const routing: ModelRouting = {
    opus: nonEmpty(fileRouting?.opus),
    sonnet: nonEmpty(fileRouting?.sonnet),
    haiku: nonEmpty(fileRouting?.haiku),
    default: nonEmpty(fileRouting?.default),
  };
  const config: SwitchboardConfig = {
    host,
    port,
    apiKeys,
    debug: raw.debug ?? false,
    requestRetry: raw['request-retry'] ?? DEFAULTS.requestRetry,
    maxRetryIntervalMs: secondsToMs(raw['max-retry-interval']) ?? DEFAULTS.maxRetryIntervalMs,
    proxyUrl: globalProxyUrl,
    bodyLimitBytes: mibToBytes(raw['body-limit-mb']) ?? DEFAULTS.bodyLimitBytes,
    shutdownGraceMs: secondsToMs(raw['shutdown-grace-seconds']) ?? DEFAULTS.shutdownGraceMs,
    modelRouting: applyModelRoutingEnv(routing, options.env),
    claudeCodeModelIds: raw['claude-code-model-ids'] ?? true,
    discoverLocal: raw['discover-local'] ?? true,
    upstreams: [...fileUpstreams, ...fromEnv.upstreams],
    sourcePath: options.sourcePath,
  };
  return { config, warnings };
}

/**
 * Whether binding `host` keeps the gateway on this machine: `127.0.0.0/8`, `localhost`, `::1`
 * (also written `[::1]` or `::ffff:127.x.y.z`). `""` (all interfaces) is not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const ipv4 = /^(?:::ffff:)?127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return ipv4 !== null && ipv4.slice(1).every((octet) => Number(octet) <= 255);
}

/**
 * Compiles the `claude-api-key` entries in order. Ids: `name`, else `prefix`, else the provider id
 * guessed from `base-url` (`anthropic` when it is empty), else `custom`; generated ids that clash
 * get `-2`, `-3`, …; explicit names never do (a repeated name is reported through `reportClash`).
 */
function compileEntries(
  entries: readonly RawClaudeApiKeyEntry[],
  globalProxyUrl: string | undefined,
  reportClash: (index: number, message: string) => void,
): UpstreamConfig[] {
  const explicitNames = new Map<string, number>();
  entries.forEach((entry, index) => {
    const name = nonEmpty(entry.name);
    if (name === undefined) return;
    const first = explicitNames.get(name);
    if (first === undefined) explicitNames.set(name, index);
    else
      reportClash(
        index,
        `expected a unique name, found "${name}" again (first used by claude-api-key[${first}])`,
      );
  });
  const taken = new Set(explicitNames.keys());
  return entries.map((entry, index) => {
    const upstream = compileEntry(entry, index, globalProxyUrl);
    const name = nonEmpty(entry.name);
    if (name !== undefined) return { ...upstream, id: name };
    let id = upstream.id;
    for (let suffix = 2; taken.has(id); suffix++) id = `${upstream.id}-${suffix}`;
    taken.add(id);
    return { ...upstream, id };
  });
}

/** One entry → one upstream; `id` is the unsuffixed candidate, settled by `compileEntries`. */
function compileEntry(
  entry: RawClaudeApiKeyEntry,
  index: number,
  globalProxyUrl: string | undefined,
): UpstreamConfig {
  const configuredBaseUrl = nonEmpty(entry['base-url'])?.replace(/\/+$/, '');
  const provider =
    configuredBaseUrl === undefined
      ? findProvider(ANTHROPIC_PROVIDER_ID)
      : providerForBaseUrl(configuredBaseUrl);
  const apiKey = entry['api-key']?.trim() ?? '';
  const prefix = nonEmpty(entry.prefix);
  let authStyle: UpstreamAuthStyle = entry['auth-style'] ?? keyedAuthStyle(provider?.authStyle);
  if (entry['auth-style'] == null && apiKey === '') authStyle = 'none';
  return {
    id: nonEmpty(entry.name) ?? prefix ?? provider?.id ?? 'custom',
    prefix,
    providerId: provider?.id ?? 'custom',
    format: 'anthropic',
    baseUrl: configuredBaseUrl ?? ANTHROPIC_BASE_URL,
    apiKey,
    authStyle,
    headers: { ...(entry.headers ?? {}) },
    proxyUrl: nonEmpty(entry['proxy-url']) ?? globalProxyUrl,
    models: (entry.models ?? []).map((model) => {
      const alias = nonEmpty(model.alias);
      return alias === undefined ? { name: model.name } : { name: model.name, alias };
    }),
    excludedModels: (entry['excluded-models'] ?? []).map((glob) => glob.trim()).filter((glob) => glob !== ''),
    betaPolicy: betaPolicyOf(entry['drop-betas']),
    countTokens: entry['count-tokens'] ?? provider?.countTokens ?? false,
    source: 'config',
    origin: `claude-api-key[${index}]`,
  };
}

function betaPolicyOf(dropBetas: boolean | readonly string[] | null | undefined): BetaPolicy {
  if (dropBetas === true) return { mode: 'drop-all' };
  if (Array.isArray(dropBetas) && dropBetas.length > 0) return { mode: 'drop-listed', betas: [...dropBetas] };
  return { mode: 'pass' };
}

/** A string trimmed, or `undefined` when absent, null or blank ("" means unset throughout the file). */
function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function secondsToMs(seconds: number | null | undefined): number | undefined {
  return seconds == null ? undefined : Math.round(seconds * 1000);
}

function mibToBytes(megabytes: number | null | undefined): number | undefined {
  return megabytes == null ? undefined : Math.round(megabytes * MIB);
}
