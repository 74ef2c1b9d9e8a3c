import { compileQuirks } from '../config/compile-upstream-fields.js';
import type { SwitchboardConfig, UpstreamConfig } from '../config/switchboard-config.js';
import { DEFAULTS } from '../config/switchboard-config.js';
import { DEFAULT_COOLDOWN_POLICY } from '../routing/cooldown-policy.js';
import { PROVIDER_CATALOG } from './catalog.js';
import type { ProviderDefinition } from './define-provider.js';
import { fetchUpstreamModels } from './fetch-upstream-models.js';

/** One local endpoint to probe. */
export interface LocalProbe {
  readonly provider: ProviderDefinition;
  /** Base URL to probe, no trailing slash. */
  readonly baseUrl: string;
}

/**
 * The probes for a start-up: every catalog provider with a local port (Ollama 11434, LM Studio
 * 1234, llama.cpp 8080, vLLM 8000) at its default base URL, or at its `*_BASE_URL` variable when
 * set; `localhost` is probed as 127.0.0.1. Providers an upstream already serves are skipped.
 * @param env the process environment
 * @param config the loaded config (its upstreams are not probed again)
 */
export function defaultLocalProbes(
  env: Readonly<Record<string, string | undefined>>,
  config: SwitchboardConfig,
): LocalProbe[] {
  const taken = new Set(config.upstreams.map((upstream) => upstream.providerId));
  const probes: LocalProbe[] = [];
  for (const provider of PROVIDER_CATALOG) {
    if (provider.localPort === undefined || taken.has(provider.id)) continue;
    const fromEnv = provider.baseUrlEnv === undefined ? undefined : env[provider.baseUrlEnv]?.trim();
    const baseUrl = (fromEnv || provider.defaultBaseUrl)
      .replace(/\/+$/, '')
      .replace('//localhost:', '//127.0.0.1:');
    probes.push({ provider, baseUrl });
  }
  return probes;
}

/**
 * Probes local model servers in parallel, each with a short timeout, and returns one keyless
 * upstream (no credentials, the default cooldown policy, `DEFAULTS.limits` until
 * {@link withDiscoveredUpstreams} applies the config's, quirks from its catalog provider) per server that answered a model list (an empty list counts: LM Studio with no model loaded
 * still answers, and its requests then get a "load a model" message). Never throws.
 * @param probes where to look
 * @param timeoutMs per probe, ms (default 400)
 * @param takenIds upstream ids already in use (a discovered id gets `-2` on a clash)
 */
export async function discoverLocalServers(
  probes: readonly LocalProbe[],
  takenIds: ReadonlySet<string>,
  timeoutMs: number = DEFAULTS.discoveryTimeoutMs,
): Promise<UpstreamConfig[]> {
  const answers = await Promise.all(
    probes.map(async (probe) => ({
      probe,
      models: await fetchUpstreamModels(
        {
          id: probe.provider.id,
          baseUrl: probe.baseUrl,
          apiKey: '',
          authStyle: 'none',
          headers: {},
          proxyUrl: undefined,
        },
        timeoutMs,
      ),
    })),
  );
  const ids = new Set(takenIds);
  const found: UpstreamConfig[] = [];
  for (const { probe, models } of answers) {
    if (models === undefined) continue;
    let id = probe.provider.id;
    for (let suffix = 2; ids.has(id); suffix += 1) id = `${probe.provider.id}-${suffix}`;
    ids.add(id);
    found.push({
      id,
      providerId: probe.provider.id,
      format: probe.provider.format,
      baseUrl: probe.baseUrl,
      apiKey: '',
      credentials: [],
      cooldownPolicy: DEFAULT_COOLDOWN_POLICY,
      limits: DEFAULTS.limits,
      authStyle: 'none',
      headers: {},
      models: models.map((model) => ({ name: model.id })),
      excludedModels: [],
      betaPolicy: { mode: 'pass' },
      countTokens: probe.provider.countTokens,
      ...compileQuirks(probe.provider, { format: probe.provider.format }),
      source: 'discovered',
      origin: `probe ${new URL(probe.baseUrl).host}`,
    });
  }
  return found;
}

/**
 * Adds discovered upstreams to a config, each with the config's global traffic limits
 * (`config.providerLimits`: `provider-limits` and the `PROVIDER_*` variables). When the config
 * routes nothing by itself (no
 * `model-routing.default`, no upstream from the file or the environment), the first discovered
 * model becomes the default, so Claude Code works against a local server with no typing.
 * @returns a new config; the input is not changed
 */
export function withDiscoveredUpstreams(
  config: SwitchboardConfig,
  discovered: readonly UpstreamConfig[],
): SwitchboardConfig {
  if (discovered.length === 0) return config;
  const routing = config.modelRouting;
  const firstModel = discovered.find((upstream) => upstream.models.length > 0);
  const needsDefault = !routing.default && config.upstreams.length === 0 && firstModel !== undefined;
  return {
    ...config,
    upstreams: [
      ...config.upstreams,
      ...discovered.map((upstream) => ({ ...upstream, limits: config.providerLimits })),
    ],
    modelRouting: needsDefault
      ? { ...routing, default: `${firstModel.id}/${firstModel.models[0]?.name ?? ''}` }
      : routing,
  };
}
