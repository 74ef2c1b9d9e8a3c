import type { Environment } from './apply-env.js';
import { applyModelRoutingEnv, upstreamsFromEnv } from './apply-env.js';
import { compileClaudeApiKeyEntries } from './compile-claude-api-key.js';
import { compileCodexApiKeyEntries } from './compile-codex-api-key.js';
import { compileFallbacks } from './compile-fallbacks.js';
import { compileGeminiApiKeyEntries } from './compile-gemini-api-key.js';
import { compileProviderLimits } from './compile-limits.js';
import { compileOpenAiCompatibilityEntries } from './compile-openai-compatibility.js';
import { compileOperations } from './compile-operations.js';
import { compileQuotaExceeded } from './compile-quota-exceeded.js';
import { compileRetry } from './compile-retry.js';
import { compileRouter } from './compile-router.js';
import { compileRouting } from './compile-routing.js';
import { compileSeconds } from './compile-seconds.js';
import { compileThinking } from './compile-thinking.js';
import { compileTimeouts } from './compile-timeouts.js';
import { nonEmpty } from './compile-upstream-fields.js';
import type { ConfigIssue } from './config-error.js';
import { ConfigError } from './config-error.js';
import type { EntryCompileContext } from './entry-compile-context.js';
import { findSelfReferences } from './find-self-references.js';
import { isLoopbackHost } from './is-loopback-host.js';
import type { LocateLine } from './parse-config-text.js';
import type { RawConfig } from './schema.js';
import { ACCEPTED_UNUSED_KEYS } from './schema.js';
import type { ModelRouting, SwitchboardConfig } from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

/** Re-exported: whether a bind address stays on this machine (see `is-loopback-host.ts`). */
export { isLoopbackHost } from './is-loopback-host.js';

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

const MIB = 1024 * 1024;

/**
 * Compiles a validated file into the immutable {@link SwitchboardConfig} (pure: no I/O).
 * Applies defaults (`DEFAULTS`), converts units (seconds → ms, MiB → bytes), compiles the global
 * traffic limits first (`provider-limits`, `PROVIDER_*` variables: `compileProviderLimits`), then
 * the entries of `claude-api-key`, then `openai-compatibility`, then `gemini-api-key`, then
 * `codex-api-key` into upstreams (in that order: it is the order open upstreams take bare model
 * names; each entry's own limit keys go over the global limits), appends env upstreams (catalog
 * order, global limits), applies `MODEL*` and `ENABLE_*_THINKING` variables and then `overrides`.
 * Items of `claude-api-key`, `gemini-api-key` or `codex-api-key` with the same `name` (or unnamed,
 * with the same base URL and `prefix`) compile into one upstream holding all their keys.
 * `routing.strategy` picks how a pool's credentials are used (default `round-robin`). Retry
 * settings (`compileRetry`), `timeouts` (`compileTimeouts`), `fallbacks` (`compileFallbacks`),
 * `router` (`compileRouter`) and `quota-exceeded` (`compileQuotaExceeded`) are compiled by their
 * own modules; environment variables win over the file.
 * @throws ConfigError with every problem found: a `name` used by two sections or twice in
 *   `openai-compatibility`, merged items that disagree on an upstream-level key (limit keys
 *   included), an empty `fallbacks` list, invalid environment values (`PROVIDER_*`,
 *   `HTTP_*_TIMEOUT`, provider variables), an invalid `--port`, an upstream whose base URL is the
 *   gateway's own address, or a non-loopback `host` with no `api-keys`.
 */
export function compileConfig(raw: RawConfig, options: CompileConfigOptions): CompiledConfig {
  const file = options.sourcePath ?? 'config.yaml';
  const lineOf: LocateLine = options.lineOf ?? (() => undefined);
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  for (const key of ACCEPTED_UNUSED_KEYS) {
    if (raw[key] !== undefined && raw[key] !== null) warnings.push(`${key} is accepted but not used yet`);
  }

  const routing = compileRouting(raw.routing);
  warnings.push(...routing.warnings);
  const quotaExceeded = compileQuotaExceeded(raw['quota-exceeded']);
  warnings.push(...quotaExceeded.warnings);
  const fallbacks = compileFallbacks(raw.fallbacks, { file, lineOf });
  warnings.push(...fallbacks.warnings);
  const providerLimits = compileProviderLimits(raw['provider-limits'], options.env);
  const retry = compileRetry(raw, options.env);
  const timeouts = compileTimeouts(raw.timeouts, options.env);
  issues.push(...fallbacks.issues, ...providerLimits.issues, ...retry.issues, ...timeouts.issues);
  const operations = compileOperations(raw, { env: options.env, file, lineOf });
  issues.push(...operations.issues);

  const globalProxyUrl = nonEmpty(raw['proxy-url']);
  const takenIds = claimExplicitNames(raw, file, lineOf, issues);
  const context: EntryCompileContext = {
    globalProxyUrl,
    providerLimits: providerLimits.limits,
    takenIds,
    file,
    lineOf,
    issues,
  };
  const fileUpstreams = [
    ...compileClaudeApiKeyEntries(raw['claude-api-key'] ?? [], context),
    ...compileOpenAiCompatibilityEntries(raw['openai-compatibility'] ?? [], context),
    ...compileGeminiApiKeyEntries(raw['gemini-api-key'] ?? [], context),
    ...compileCodexApiKeyEntries(raw['codex-api-key'] ?? [], context),
  ];
  const fromEnv = upstreamsFromEnv(options.env, {
    takenIds: new Set(fileUpstreams.map((upstream) => upstream.id)),
    globalProxyUrl,
    providerLimits: providerLimits.limits,
  });
  issues.push(...fromEnv.issues);
  warnings.push(...fromEnv.warnings);
  const thinking = compileThinking(raw.thinking, options.env);
  issues.push(...thinking.issues);
  const upstreams = [...fileUpstreams, ...fromEnv.upstreams];

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
  issues.push(...findSelfReferences(upstreams, { host, port, file, lineOf }));
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
  const modelRouting: ModelRouting = {
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
    ...retry.retry,
    fallbacks: fallbacks.fallbacks,
    quotaExceeded: quotaExceeded.quotaExceeded,
    tls: operations.tls,
    remoteManagement: operations.remoteManagement,
    payload: operations.payload,
    logging: operations.logging,
    usageStatisticsEnabled: operations.usageStatisticsEnabled,
    authDir: operations.authDir,
    router: compileRouter(raw.router),
    providerLimits: providerLimits.limits,
    timeouts: timeouts.timeouts,
    proxyUrl: globalProxyUrl,
    bodyLimitBytes: mibToBytes(raw['body-limit-mb']) ?? DEFAULTS.bodyLimitBytes,
    shutdownGraceMs: compileSeconds(raw['shutdown-grace-seconds']) ?? DEFAULTS.shutdownGraceMs,
    modelRouting: applyModelRoutingEnv(modelRouting, options.env),
    routing: routing.routing,
    thinking: thinking.thinking,
    claudeCodeModelIds: raw['claude-code-model-ids'] ?? true,
    discoverLocal: raw['discover-local'] ?? true,
    upstreams,
    sourcePath: options.sourcePath,
  };
  return { config, warnings };
}

/**
 * Sections whose items may repeat a `name`: the repeats are merged into one upstream whose pool
 * holds all their keys (`groupEntries`).
 */
const MERGING_SECTIONS: ReadonlySet<string> = new Set(['claude-api-key', 'gemini-api-key', 'codex-api-key']);

/**
 * The explicit `name`s of the upstream sections (`claude-api-key`, `openai-compatibility`,
 * `gemini-api-key`, `codex-api-key`, in that order). A name belongs to one section: a name
 * another section already used, or repeated inside `openai-compatibility`, adds an issue at its
 * line (a repeat inside a merging section is one upstream, see {@link MERGING_SECTIONS}).
 * @returns the names, as the initial set of taken upstream ids
 */
function claimExplicitNames(
  raw: RawConfig,
  file: string,
  lineOf: LocateLine,
  issues: ConfigIssue[],
): Set<string> {
  const sections = [
    ['claude-api-key', (raw['claude-api-key'] ?? []).map((entry) => nonEmpty(entry.name))],
    ['openai-compatibility', (raw['openai-compatibility'] ?? []).map((entry) => nonEmpty(entry.name))],
    ['gemini-api-key', (raw['gemini-api-key'] ?? []).map((entry) => nonEmpty(entry.name))],
    ['codex-api-key', (raw['codex-api-key'] ?? []).map((entry) => nonEmpty(entry.name))],
  ] as const;
  const firstUse = new Map<string, { section: string; item: string }>();
  for (const [section, names] of sections) {
    names.forEach((name, index) => {
      if (name === undefined) return;
      const first = firstUse.get(name);
      const here = `${section}[${index}]`;
      if (first === undefined) {
        firstUse.set(name, { section, item: here });
        return;
      }
      if (first.section === section && MERGING_SECTIONS.has(section)) return;
      issues.push({
        file,
        line: lineOf([section, index, 'name']),
        path: `${here}.name`,
        message: `expected a unique name, found "${name}" again (first used by ${first.item})`,
      });
    });
  }
  return new Set(firstUse.keys());
}

function mibToBytes(megabytes: number | null | undefined): number | undefined {
  return megabytes == null ? undefined : Math.round(megabytes * MIB);
}
