// Factories for compiled config objects in unit tests: a full `UpstreamConfig` or `SwitchboardConfig`
// from the few fields a test cares about, so that tests do not each repeat every required field.
import type { ModelRouting, SwitchboardConfig, UpstreamConfig } from '../../src/config/switchboard-config.js';
import { DEFAULTS } from '../../src/config/switchboard-config.js';

/**
 * An upstream with id `id`. Defaults: `providerId: 'custom'`, `format: 'anthropic'`, `baseUrl:
 * 'http://127.0.0.1:9/<id>'` (the discard port, where nothing normally listens), no credential (`apiKey: ''`,
 * `authStyle: 'none'`), no extra headers, an open model list (`models: []`), no excluded models,
 * `betaPolicy: { mode: 'pass' }`, `countTokens: false`, `replayReasoning: false`,
 * `modelMaxOutputTokens: {}`, `source: 'config'` and `origin: <id>`; no `prefix`, `proxyUrl`,
 * `maxToolNameLength` or `maxOutputTokens`. Every field in `fields` replaces its default.
 */
export function makeUpstream(id: string, fields: Partial<UpstreamConfig> = {}): UpstreamConfig {
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
    ...fields,
  };
}

/**
 * A config serving `upstreams` with tier targets `modelRouting` (default `{}`). `host`, `port`,
 * `maxRetryIntervalMs`, `bodyLimitBytes` and `shutdownGraceMs` come from `DEFAULTS`; unlike a compiled
 * config, `requestRetry` is 0 (no retries) and `discoverLocal` is false (no local-port probes). Also
 * `apiKeys: []` (no inbound auth), `debug: false`, `thinking: {}` (requests left as they are) and
 * `claudeCodeModelIds: true`; no `proxyUrl` or `sourcePath`. Every field in `fields` replaces its default, `upstreams` and `modelRouting` included.
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
    thinking: {},
    claudeCodeModelIds: true,
    discoverLocal: false,
    upstreams,
    ...fields,
  };
}
