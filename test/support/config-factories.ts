// Factories for compiled config objects in unit tests: a full `UpstreamConfig` or `SwitchboardConfig`
// from the few fields a test cares about, so that tests do not each repeat every required field.
import type { ModelRouting, SwitchboardConfig, UpstreamConfig } from '../../src/config/switchboard-config.js';
import { DEFAULTS } from '../../src/config/switchboard-config.js';
import { DEFAULT_COOLDOWN_POLICY } from '../../src/routing/cooldown-policy.js';
import { createCredential } from '../../src/routing/credential.js';

/**
 * An upstream with id `id`. Defaults: `providerId: 'custom'`, `format: 'anthropic'`, `baseUrl:
 * 'http://127.0.0.1:9/<id>'` (the discard port, where nothing normally listens), no credential (`apiKey: ''`,
 * `authStyle: 'none'`), no extra headers, an open model list (`models: []`), no excluded models,
 * `betaPolicy: { mode: 'pass' }`, `countTokens: false`, `replayReasoning: false`,
 * `modelMaxOutputTokens: {}`, `source: 'config'` and `origin: <id>`; no `prefix`, `proxyUrl`,
 * `maxToolNameLength` or `maxOutputTokens`; `cooldownPolicy: DEFAULT_COOLDOWN_POLICY`. Every field
 * in `fields` replaces its default. `credentials` defaults to none when the (final) `apiKey` is
 * `''`, else to one credential made of `apiKey` and `proxyUrl` (weight 1, priority 0).
 */
export function makeUpstream(id: string, fields: Partial<UpstreamConfig> = {}): UpstreamConfig {
  const apiKey = fields.apiKey ?? '';
  return {
    id,
    providerId: 'custom',
    format: 'anthropic',
    baseUrl: `http://127.0.0.1:9/${id}`,
    apiKey: '',
    authStyle: 'none',
    headers: {},
    models: [],
    excludedModels: [],
    betaPolicy: { mode: 'pass' },
    countTokens: false,
    replayReasoning: false,
    modelMaxOutputTokens: {},
    source: 'config',
    origin: id,
    credentials: apiKey === '' ? [] : [createCredential(id, { apiKey, proxyUrl: fields.proxyUrl })],
    cooldownPolicy: DEFAULT_COOLDOWN_POLICY,
    limits: DEFAULTS.limits,
    ...fields,
  };
}

/**
 * A config serving `upstreams` with tier targets `modelRouting` (default `{}`). `host`, `port`,
 * `maxRetryIntervalMs`, `bodyLimitBytes`, `shutdownGraceMs`, `timeouts` and `providerLimits` (`DEFAULTS.limits`) come from `DEFAULTS`; unlike a compiled
 * config, `requestRetry` is 0 (no retries) and `discoverLocal` is false (no local-port probes). Also
 * `apiKeys: []` (no inbound auth), `debug: false`, `thinking: {}` (requests left as they are),
 * `routing: { strategy: 'round-robin' }` and `claudeCodeModelIds: true`; no `proxyUrl` or `sourcePath`. Every field in `fields` replaces its default, `upstreams` and `modelRouting` included.
 */
export function makeConfig(
  upstreams: UpstreamConfig[],
  modelRouting: ModelRouting = {},
  fields: Partial<SwitchboardConfig> = {},
): SwitchboardConfig {
  return {
    host: DEFAULTS.host,
    port: DEFAULTS.port,
    apiKeys: [],
    debug: false,
    requestRetry: 0,
    maxRetryIntervalMs: DEFAULTS.maxRetryIntervalMs,
    bodyLimitBytes: DEFAULTS.bodyLimitBytes,
    shutdownGraceMs: DEFAULTS.shutdownGraceMs,
    modelRouting,
    routing: { strategy: 'round-robin' },
    thinking: {},
    claudeCodeModelIds: true,
    discoverLocal: false,
    upstreams,
    retryBaseDelayMs: DEFAULTS.retryBaseDelayMs,
    fallbacks: new Map(),
    quotaExceeded: { switchPreviewModel: true, switchProject: false },
    router: { longContextThreshold: DEFAULTS.longContextThreshold },
    timeouts: DEFAULTS.timeouts,
    tls: { enabled: false },
    remoteManagement: { allowRemote: false, disableControlPanel: false },
    payload: { defaults: [], overrides: [] },
    logging: { toFile: false, maxTotalSizeBytes: 0, rawApiPayloads: false, rawSseEvents: false },
    usageStatisticsEnabled: false,
    providerLimits: DEFAULTS.limits,
    ...fields,
  };
}
