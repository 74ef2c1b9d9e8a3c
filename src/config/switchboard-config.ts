/**
 * The compiled, immutable configuration the gateway serves with.
 *
 * `config.yaml` (CLIProxyAPI's keys, see `schema.ts`) plus the environment (provider key variables,
 * `MODEL*` routing variables of claude-code-proxy) plus discovered local servers are compiled once,
 * at load, into this shape. Request handling only ever reads it; a reload builds a new one.
 */
import type { CooldownPolicy } from '../routing/cooldown-policy.js';
import type { UpstreamCredential } from '../routing/credential.js';

/**
 * Wire formats an upstream can be reached with: the hub's `WireFormat` (`protocols/protocol.ts`).
 * `anthropic`: Messages API; `openai-chat`: Chat Completions; `openai-responses`: OpenAI's
 * Responses API (`codex-api-key` entries, `OPENAI_RESPONSES=1`); `gemini`: Gemini API
 * `generateContent` (`gemini-api-key` entries, `GEMINI_API_KEY`).
 */
export type UpstreamFormat = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';

/** How the gateway authenticates itself to an upstream. */
export type UpstreamAuthStyle =
  /** `x-api-key: <key>` (Anthropic's API, CLIProxyAPI, Ollama). */
  | 'x-api-key'
  /** `Authorization: Bearer <key>` (OpenRouter, Fireworks, FriendliAI, DeepSeek accept it too). */
  | 'bearer'
  /** `x-goog-api-key: <key>` (Google's Gemini API; only meaningful for `gemini`-format upstreams). */
  | 'x-goog-api-key'
  /** No credential header at all (local servers without a key). */
  | 'none';

/** One model an upstream offers, with an optional alias clients may use instead of `name`. */
export interface UpstreamModel {
  /** The model id sent upstream, e.g. `deepseek-chat`. */
  readonly name: string;
  /** Another id that resolves to `name` on this upstream, e.g. `ds`. */
  readonly alias?: string | undefined;
}

/**
 * Which `anthropic-beta` values are forwarded. Anthropic's API takes them all (its gateway
 * contract); relays may answer 400 to betas they do not know, so an entry can drop all or some.
 */
export type BetaPolicy =
  | { readonly mode: 'pass' }
  | { readonly mode: 'drop-all' }
  | { readonly mode: 'drop-listed'; readonly betas: readonly string[] };

/** Where an upstream came from: the config file, an environment key, or a local-port probe. */
export type UpstreamSource = 'config' | 'env' | 'discovered';

/**
 * One upstream: an endpoint plus the pool of credentials the gateway uses for it, and the quirks
 * of its provider that the protocol spokes adapt requests to.
 */
export interface UpstreamConfig {
  /**
   * Unique id used in model references (`id/model`) and in logs: the entry's `name`, else its
   * `prefix`, else the catalog provider id (`anthropic`, `deepseek`, …), suffixed `-2`, `-3` on clash.
   */
  readonly id: string;
  /** `prefix` of the entry, when set: also accepted as the upstream part of a model reference. */
  readonly prefix?: string | undefined;
  /** Catalog provider id (`anthropic`, `deepseek`, `ollama`, …) or `custom`. */
  readonly providerId: string;
  /**
   * `anthropic` for `claude-api-key` entries, `openai-chat` for `openai-compatibility` entries,
   * `gemini` for `gemini-api-key` entries, `openai-responses` for `codex-api-key` entries; an env
   * or discovered upstream has its catalog provider's format.
   */
  readonly format: UpstreamFormat;
  /** Base URL without trailing slash, e.g. `https://api.anthropic.com`, `http://localhost:1234/v1`. */
  readonly baseUrl: string;
  /**
   * The first credential's key ({@link credentials}[0]); empty string when the upstream needs
   * none. Never logged. Kept for callers that use one key per upstream.
   */
  readonly apiKey: string;
  /**
   * The credential pool, in config order, duplicate keys counted once: never empty for an upstream
   * with a key, empty for keyless local servers. File entries: `api-key`, then `api-key-entries`,
   * then (openai-compatibility) `api-keys`, of every item merged into the upstream; environment
   * upstreams: `*_API_KEY`, then each key of `*_API_KEYS`.
   */
  readonly credentials: readonly UpstreamCredential[];
  /**
   * Cooldown durations for this upstream's failures: the default table with the entry's `cooldown`
   * overrides (`DEFAULT_COOLDOWN_POLICY` when it has none).
   */
  readonly cooldownPolicy: CooldownPolicy;
  readonly authStyle: UpstreamAuthStyle;
  /** Extra headers sent on every upstream request (entry `headers`). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The first credential's proxy, else (keyless) the entry's `proxy-url`, else the global
   * `proxy-url`, if any. Each credential carries its own `proxyUrl`.
   */
  readonly proxyUrl?: string | undefined;
  /**
   * The models this upstream offers. Empty means "open": any model name not excluded is sent
   * as is (e.g. Anthropic's API with no `models` list).
   */
  readonly models: readonly UpstreamModel[];
  /** Globs (`*-preview`, `*flash*`, `gemini-2.5-*`) of models this upstream must not serve. */
  readonly excludedModels: readonly string[];
  readonly betaPolicy: BetaPolicy;
  /** Whether `POST /v1/messages/count_tokens` is forwarded (else counted locally). */
  readonly countTokens: boolean;
  /**
   * Send earlier reasoning back on tool-call turns (`reasoning_content`), as the provider requires
   * (Kimi, DeepSeek: catalog `replayReasoning`).
   */
  readonly replayReasoning: boolean;
  /**
   * Longest tool name the upstream accepts, characters (OpenAI Chat and Responses: 64, Gemini: 64);
   * unset = no limit known.
   */
  readonly maxToolNameLength?: number | undefined;
  /**
   * Default cap of `max_tokens` sent upstream, tokens (entry `max-tokens`); unset = no cap. A model
   * listed in {@link modelMaxOutputTokens} uses that value instead.
   */
  readonly maxOutputTokens?: number | undefined;
  /**
   * Cap of `max_tokens` per upstream model id, tokens: the catalog's documented limits (lowered to
   * the entry's `max-tokens` when that is smaller), then each `models[].max-tokens`, which wins.
   * Effective cap for model `m`: `modelMaxOutputTokens[m] ?? maxOutputTokens`.
   */
  readonly modelMaxOutputTokens: Readonly<Record<string, number>>;
  /**
   * Traffic limits of this upstream: the global `provider-limits` (and `PROVIDER_*` variables)
   * with the entry's own `rate-limit`, `rate-window`, `max-concurrency` over them.
   */
  readonly limits: UpstreamLimits;
  readonly source: UpstreamSource;
  /** Where it was defined, for messages: `claude-api-key[0]`, `env DEEPSEEK_API_KEY`, `probe :11434`. */
  readonly origin: string;
}

/** A parsed model reference: `upstream/model`, or a bare model name / alias. */
export interface ModelReference {
  /** Upstream id or prefix, when the reference named one. */
  readonly upstream?: string | undefined;
  readonly model: string;
}

/** Claude Code tier targets (`model-routing`), each a model reference string, unset when absent. */
export interface ModelRouting {
  readonly opus?: string | undefined;
  readonly sonnet?: string | undefined;
  readonly haiku?: string | undefined;
  readonly default?: string | undefined;
}

/**
 * Whether a request keeps its `thinking` (extended reasoning) request, per Claude Code tier.
 * `undefined` = leave the client's request as it is; `false` = strip thinking; `true` = keep it.
 * Each tier already holds its effective value (its own switch, else `default`); requests of no
 * tier use `default`.
 */
export interface ThinkingSwitches {
  readonly default?: boolean | undefined;
  readonly opus?: boolean | undefined;
  readonly sonnet?: boolean | undefined;
  readonly haiku?: boolean | undefined;
}

/**
 * How a credential of an upstream's pool is picked: `round-robin` spreads requests by `weight`;
 * `fill-first` uses the first available credential in config order until it is unavailable.
 */
export type RoutingStrategy = 'round-robin' | 'fill-first';

/** Credential-pool settings (`routing` in YAML, seed 002). */
export interface RoutingConfig {
  /** Default `round-robin` (CLIProxyAPI's default). */
  readonly strategy: RoutingStrategy;
}

/**
 * Per-upstream traffic limits (seed 004: `PROVIDER_RATE_LIMIT`, `PROVIDER_RATE_WINDOW`,
 * `PROVIDER_MAX_CONCURRENCY`). Requests over a limit wait in a bounded FIFO queue; a request that
 * finds the queue full, or waits longer than `queueTimeoutMs`, is answered 429 with `Retry-After`.
 */
export interface UpstreamLimits {
  /** Requests started per window; 0 = no rate limit. */
  readonly rateLimit: number;
  /** Length of the sliding rate window, ms. */
  readonly rateWindowMs: number;
  /** Requests in flight at once (a stream counts until its last byte); 0 = no limit. */
  readonly maxConcurrency: number;
  /** Requests that may wait for a slot at once; the next one is answered 429. */
  readonly queueSize: number;
  /** Longest wait for a slot, ms; then the request is answered 429. */
  readonly queueTimeoutMs: number;
}

/**
 * Timeouts of upstream HTTP calls, ms; 0 = wait forever (seed 004: `HTTP_CONNECT_TIMEOUT`,
 * `HTTP_WRITE_TIMEOUT`, `HTTP_READ_TIMEOUT`, where blank, 0 or `none` means no timeout).
 */
export interface HttpTimeouts {
  /** Time to open the TCP (and TLS) connection. */
  readonly connectMs: number;
  /** Time to hand the whole request (headers and body) to the connection once it is open. */
  readonly writeMs: number;
  /** Longest wait for the next bytes of the answer: the response headers, then between chunks. */
  readonly readMs: number;
}

/**
 * claude-code-router-style routing rules (`router:`): each names a model reference that takes the
 * request instead of its normal resolution. Checked in this order: `longContext`, `webSearch`,
 * `background`, `think`; an inbound-token override and an explicit `upstream/model` stay stronger.
 */
export interface RouterRules {
  /** Requests of Claude Code's haiku tier (its background work: titles, summaries). */
  readonly background?: string | undefined;
  /** Requests with thinking enabled (`thinking.type` `enabled` or `adaptive`, or a reasoning effort). */
  readonly think?: string | undefined;
  /** Requests whose estimated input exceeds {@link longContextThreshold} tokens. */
  readonly longContext?: string | undefined;
  /** Input-token threshold of `longContext`, tokens (claude-code-router's default: 60 000). */
  readonly longContextThreshold: number;
  /** Requests carrying a web-search tool (Anthropic `web_search_*`, OpenAI `web_search*`, Gemini `googleSearch`). */
  readonly webSearch?: string | undefined;
}

/** What to do when a model's quota is exhausted (`quota-exceeded`, seed 002). */
export interface QuotaExceededConfig {
  /**
   * After every credential of a model answered 429, try the same upstream's preview variants of the
   * model (listed models named `<model>-preview…`) before the fallbacks (default true).
   */
  readonly switchPreviewModel: boolean;
  /**
   * CLIProxyAPI's Gemini CLI project switch (default true, as CLIProxyAPI): accepted, not used (no
   * OAuth projects yet); written `true` it yields a warning.
   */
  readonly switchProject: boolean;
}

/** HTTPS serving (`tls`, seed 002). */
export interface TlsConfig {
  readonly enabled: boolean;
  /** Absolute path of the PEM certificate (chain); set when `enabled`. */
  readonly certFile?: string | undefined;
  /** Absolute path of the PEM private key; set when `enabled`. */
  readonly keyFile?: string | undefined;
}

/** The management API's access (`remote-management`, seed 002). */
export interface RemoteManagementConfig {
  /** Whether callers from other machines may use `/v0/management` (default false). */
  readonly allowRemote: boolean;
  /**
   * The management secret as written: plain text on first start, then the stored hash
   * (`$scrypt$…`) the gateway writes back. Undefined/empty = management API disabled.
   */
  readonly secretKey?: string | undefined;
  /** Whether the web dashboard is disabled (default false). */
  readonly disableControlPanel: boolean;
}

/** Which requests a payload rule applies to: a glob on the upstream model id, optionally one format. */
export interface PayloadModelMatch {
  readonly name: string;
  readonly format?: UpstreamFormat | undefined;
}

/** One payload rule: matchers and the (dot-separated JSON path → value) pairs it sets. */
export interface PayloadRule {
  readonly models: readonly PayloadModelMatch[];
  /** In file order; `-raw` values already parsed from their JSON text. */
  readonly params: readonly { readonly path: string; readonly value: unknown }[];
}

/** `payload` rules (seed 002): `defaults` set a path only when absent, `overrides` always. */
export interface PayloadRules {
  /** `default` then `default-raw` rules. */
  readonly defaults: readonly PayloadRule[];
  /** `override` then `override-raw` rules. */
  readonly overrides: readonly PayloadRule[];
}

/** Logging (`debug`, `logging-to-file`, `logs-max-total-size-mb`; seed 004's raw-payload flags). */
export interface LoggingConfig {
  /** Also write logs to rotated files under `<home>/logs` (default false). */
  readonly toFile: boolean;
  /** Cap of all log files together, bytes; 0 = no cap. */
  readonly maxTotalSizeBytes: number;
  /** Log request and response bodies (`LOG_RAW_API_PAYLOADS`, default false). */
  readonly rawApiPayloads: boolean;
  /** Log every relayed SSE event (`LOG_RAW_SSE_EVENTS`, default false). */
  readonly rawSseEvents: boolean;
}

/** The whole compiled configuration. */
export interface SwitchboardConfig {
  /** Listen address; `127.0.0.1` by default. */
  readonly host: string;
  /** Listen port; 8317 by default. */
  readonly port: number;
  /** Inbound keys clients must present; empty = no inbound auth (allowed only on loopback). */
  readonly apiKeys: readonly string[];
  readonly debug: boolean;
  /**
   * How many extra attempts a failed upstream call gets before the first byte (CLIProxyAPI: 3;
   * `request-retry`, `PROVIDER_MAX_RETRIES` wins).
   */
  readonly requestRetry: number;
  /**
   * Upper bound of one retry delay, ms (`max-retry-interval`, seconds in YAML;
   * `PROVIDER_RETRY_MAX_DELAY` wins): a backoff is clamped to it, an upstream hint longer than it
   * ends the retries.
   */
  readonly maxRetryIntervalMs: number;
  /** First backoff delay without an upstream hint, ms; doubles per retry (`retry-base-delay`, `PROVIDER_RETRY_BASE_DELAY`). */
  readonly retryBaseDelayMs: number;
  /**
   * Per requested model (or `upstream/model` reference), the ordered model references tried when
   * the model's candidates are exhausted (`fallbacks`). Keys are matched against the requested
   * model, then each primary candidate's `upstream/model` and model name.
   */
  readonly fallbacks: ReadonlyMap<string, readonly string[]>;
  readonly quotaExceeded: QuotaExceededConfig;
  /** Routing rules beyond tiers (`router`). */
  readonly router: RouterRules;
  /**
   * The global traffic limits: `DEFAULTS.limits`, then `provider-limits`, then the
   * `PROVIDER_RATE_LIMIT`, `PROVIDER_RATE_WINDOW`, `PROVIDER_MAX_CONCURRENCY` variables. Every
   * upstream's `limits` start from them (file entries add their own keys); environment and
   * discovered upstreams have exactly these.
   */
  readonly providerLimits: UpstreamLimits;
  /** Upstream HTTP timeouts (`timeouts`, `HTTP_*_TIMEOUT` variables win). */
  readonly timeouts: HttpTimeouts;
  readonly tls: TlsConfig;
  readonly remoteManagement: RemoteManagementConfig;
  /** Request fields set before the upstream call (`payload`). */
  readonly payload: PayloadRules;
  readonly logging: LoggingConfig;
  /** Persist one usage record per request (`usage-statistics-enabled`, default true). */
  readonly usageStatisticsEnabled: boolean;
  /** Where credential files live (`auth-dir`, `~` expanded; default `<home>/auth`). */
  readonly authDir?: string | undefined;
  /** Global outbound proxy, used by upstreams without their own `proxy-url`. */
  readonly proxyUrl?: string | undefined;
  /** Largest accepted request body, bytes (default 32 MiB). */
  readonly bodyLimitBytes: number;
  /** Grace period for in-flight streams on SIGINT/SIGTERM, ms (default 10 000). */
  readonly shutdownGraceMs: number;
  readonly modelRouting: ModelRouting;
  /** How credentials of a pool are picked (`routing.strategy`). */
  readonly routing: RoutingConfig;
  /** Thinking switches (`thinking` in YAML, `ENABLE_*_THINKING` variables, which win). */
  readonly thinking: ThinkingSwitches;
  /**
   * List non-Claude models under a reversible `claude-`-prefixed id in `GET /v1/models`, so that
   * Claude Code's gateway model discovery (which keeps ids containing `claude`/`anthropic`) can
   * pick them (`claude-code-model-ids`, default true).
   */
  readonly claudeCodeModelIds: boolean;
  /** Probe local servers (Ollama, LM Studio, llama.cpp, vLLM) at start (`discover-local`, default true). */
  readonly discoverLocal: boolean;
  /** Upstreams in config order: file entries first, then env keys, then discovered servers. */
  readonly upstreams: readonly UpstreamConfig[];
  /** Absolute path of the file this was loaded from, when there was one. */
  readonly sourcePath?: string | undefined;
}

/** Every limit's default, in one place (ms, bytes, counts). */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8317,
  requestRetry: 3,
  maxRetryIntervalMs: 30_000,
  retryBaseDelayMs: 500,
  /** `router.long-context-threshold`, tokens (claude-code-router's default). */
  longContextThreshold: 60_000,
  /** Default traffic limits of every upstream: no rate or concurrency limit until configured. */
  limits: {
    rateLimit: 0,
    rateWindowMs: 60_000,
    maxConcurrency: 0,
    queueSize: 256,
    queueTimeoutMs: 60_000,
  },
  /**
   * Upstream HTTP timeouts, ms: connect and write as seed 004's defaults (10 s); read 10 min, the
   * official SDKs' default request timeout (non-streaming answers of 64k tokens take minutes).
   */
  timeouts: { connectMs: 10_000, writeMs: 10_000, readMs: 600_000 },
  bodyLimitBytes: 32 * 1024 * 1024,
  shutdownGraceMs: 10_000,
  /** Local-server probe timeout per port, ms. */
  discoveryTimeoutMs: 400,
  /** Default `anthropic-version` sent upstream when the client sent none. */
  anthropicVersion: '2023-06-01',
  /**
   * Longest function name OpenAI's APIs accept, characters: Chat Completions documents
   * `^[a-zA-Z0-9_-]{1,64}$`; the Responses API reference names no limit, and Codex CLI (a
   * Responses client) keeps tool names to 64 (`MAX_TOOL_NAME_LENGTH`, openai/codex
   * `codex-rs/core/src/mcp_connection_manager.rs`), so Responses upstreams get it too.
   */
  openAiToolNameMaxLength: 64,
  /**
   * Longest function name Gemini's API accepts, characters: `FunctionDeclaration.name` "with a
   * maximum length of 64" (Generative Language API v1beta reference,
   * https://ai.google.dev/api/caching#FunctionDeclaration; older client docs said 63, Vertex AI's
   * newer reference 128: 64 is the Gemini API's current documented value).
   */
  geminiToolNameMaxLength: 64,
} as const;
