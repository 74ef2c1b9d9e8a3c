import type { SwitchboardConfig, UpstreamConfig } from '../config/switchboard-config.js';
import { resolveModel, type ClaudeTier } from '../routing/resolve-model.js';
import { getRouteTable } from '../routing/route-table.js';

/** What the banner reports besides the config. */
export interface BannerFacts {
  /** The URL clients connect to, e.g. `http://127.0.0.1:8317`. */
  readonly listenUrl: string;
  readonly version: string;
  readonly configPath: string | undefined;
  readonly createdDefaultFile: boolean;
  readonly warnings: readonly string[];
}

const MAX_MODELS_SHOWN = 6;

/**
 * The start-up banner: listen URL, each upstream with its models, how Claude Code's tiers route,
 * and the exact lines that connect Claude Code. Never prints a secret (no inbound key is shown).
 * @returns the text, lines joined with `\n`
 */
export function renderBanner(config: SwitchboardConfig, facts: BannerFacts): string {
  const lines: string[] = [`Switchboard ${facts.version} listening on ${facts.listenUrl}`];
  if (facts.configPath) {
    lines.push(
      `Config: ${facts.configPath}${facts.createdDefaultFile ? ' (created with commented defaults)' : ''}`,
    );
  }
  for (const warning of facts.warnings) lines.push(`Warning: ${warning}`);
  lines.push('', 'Upstreams:');
  if (config.upstreams.length === 0) {
    lines.push(
      '  (none) add a claude-api-key entry to the config, set ANTHROPIC_API_KEY (or DEEPSEEK_API_KEY, …),',
    );
    lines.push('         or start a local server (Ollama, LM Studio, llama.cpp, vLLM), then restart.');
  }
  for (const upstream of config.upstreams) {
    lines.push(`  ${upstream.id.padEnd(14)} ${upstream.baseUrl}  [${upstream.origin}]`);
    lines.push(`  ${''.padEnd(14)} models: ${describeModels(upstream)}`);
  }
  lines.push('', 'Claude Code tiers:');
  for (const tier of ['opus', 'sonnet', 'haiku'] as const)
    lines.push(`  ${tier.padEnd(7)}→ ${describeTier(config, tier)}`);
  lines.push(
    `  ${'other'.padEnd(7)}→ ${config.modelRouting.default ?? '(no model-routing.default: unknown models answer 404)'}`,
  );
  const token = config.apiKeys.length === 0 ? 'switchboard' : '<one of the api-keys in your config>';
  lines.push('', 'Connect Claude Code:');
  lines.push(`  export ANTHROPIC_BASE_URL=${facts.listenUrl}`);
  lines.push(`  export ANTHROPIC_AUTH_TOKEN=${token}`);
  lines.push('  claude');
  if (config.apiKeys.length === 0)
    lines.push('  (api-keys is empty: any token is accepted, on loopback only)');
  return lines.join('\n');
}

function describeModels(upstream: UpstreamConfig): string {
  if (upstream.models.length === 0) return 'any model name (passed through)';
  const names = upstream.models.map((model) =>
    model.alias ? `${model.name} (alias ${model.alias})` : model.name,
  );
  const shown = names.slice(0, MAX_MODELS_SHOWN).join(', ');
  return names.length > MAX_MODELS_SHOWN ? `${shown}, and ${names.length - MAX_MODELS_SHOWN} more` : shown;
}

function describeTier(config: SwitchboardConfig, tier: ClaudeTier): string {
  const sample = `claude-${tier}-4`;
  try {
    const resolution = resolveModel(getRouteTable(config), sample);
    const target = resolution.candidates[0];
    if (!target) return '(unresolved)';
    const to = `${target.route.upstream.id}/${target.model}`;
    switch (resolution.step) {
      case 'tier':
        return `${to} (model-routing.${tier})`;
      case 'open':
        return `${target.route.upstream.id} (claude-${tier}-* names passed through)`;
      case 'default':
        return `${to} (model-routing.default)`;
      default:
        return to;
    }
  } catch {
    return '(unresolved: requests answer 404; set model-routing.' + tier + ' or model-routing.default)';
  }
}
