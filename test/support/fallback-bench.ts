// Gateways with several named fake upstreams for the fallback, routing-rule, route-inspect and reset-cooldown
// e2e tests: a config builder that puts each fake under its own `name` (claude-api-key for the Anthropic
// fake, openai-compatibility for the OpenAI Chat fake) with its own listed models and keys, plus `fallbacks`,
// `router`, `quota-exceeded` or any other top-level lines; and a bench that starts that gateway with an SDK
// client and a usage watch.
import { credentialIdOf } from '../../src/routing/credential.js';
import type { FaultClientKind, FaultRow } from './fault-clients.js';
import type { FaultUpstream } from './fault-upstreams.js';
import { UsageWatch } from './fault-usage.js';
import { createRoutedClient, type RoutedClient } from './fallback-clients.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

/**
 * The rows every fallback scenario runs for: each official SDK in front of fakes of its own format (the
 * Anthropic SDK on the same-format fast path, the OpenAI SDK to OpenAI Chat upstreams).
 */
export const FALLBACK_ROWS: readonly FaultRow[] = [
  { name: 'anthropic SDK → anthropic upstreams', client: 'anthropic', upstream: 'anthropic' },
  { name: 'openai SDK → openai-chat upstreams', client: 'openai', upstream: 'openai-chat' },
];

/** One upstream entry of a bench config. */
export interface BenchUpstream {
  /** The entry's `name`: the upstream id in references, headers and usage records. */
  readonly id: string;
  readonly fake: FaultUpstream;
  /** The entry's `models` (names); empty = an open upstream that takes any model name. */
  readonly models: readonly string[];
  /** `api-key-entries`, in order; default one key, `sk-<id>`. */
  readonly keys?: readonly string[];
  /** The entry's `cooldown:` overrides, seconds. */
  readonly cooldown?: Readonly<Record<string, number>>;
}

/** What a bench config holds besides the upstreams. */
export interface BenchConfigOptions {
  readonly upstreams: readonly BenchUpstream[];
  /** `fallbacks`: requested model or reference → references tried in order. */
  readonly fallbacks?: Readonly<Record<string, readonly string[]>>;
  /** `request-retry`; default 1. */
  readonly requestRetry?: number;
  /** Extra top-level YAML lines (`router:`, `quota-exceeded:`, `api-keys:`, `routing:`, …). */
  readonly extraYaml?: readonly string[];
}

/** The keys of an upstream entry, in config order (default `['sk-<id>']`). */
export function keysOf(upstream: BenchUpstream): readonly string[] {
  return upstream.keys ?? [`sk-${upstream.id}`];
}

/** The gateway's hashed id (`cred_…`) of key `index` of `upstream`, as usage records and /v0/route name it. */
export function benchCredentialId(upstream: BenchUpstream, index = 0): string {
  return credentialIdOf(upstream.id, keysOf(upstream)[index] ?? '');
}

/**
 * The `config.yaml` of a bench: each upstream as its own named entry (`claude-api-key` for an Anthropic fake,
 * `openai-compatibility` with base URL `…/v1` for an OpenAI Chat fake), `max-retry-interval: 2` and
 * `retry-base-delay: 0.01` so retries and backoffs stay in milliseconds, then `fallbacks` and `extraYaml`.
 */
export function benchGatewayYaml(options: BenchConfigOptions): string {
  const entry = (upstream: BenchUpstream): string[] => {
    const cooldown = Object.entries(upstream.cooldown ?? {});
    const baseUrl = upstream.fake.kind === 'anthropic' ? upstream.fake.url : `${upstream.fake.url}/v1`;
    return [
      `  - name: ${upstream.id}`,
      `    base-url: "${baseUrl}"`,
      '    api-key-entries:',
      ...keysOf(upstream).map((key) => `      - api-key: "${key}"`),
      ...(upstream.models.length === 0
        ? []
        : [`    models: [${upstream.models.map((name) => `{ name: "${name}" }`).join(', ')}]`]),
      ...(cooldown.length === 0 ? [] : ['    cooldown:', ...cooldown.map(([k, v]) => `      ${k}: ${v}`)]),
    ];
  };
  const section = (key: string, kind: FaultUpstream['kind']): string[] => {
    const entries = options.upstreams.filter((upstream) => upstream.fake.kind === kind);
    return entries.length === 0 ? [] : [`${key}:`, ...entries.flatMap(entry)];
  };
  const fallbacks = Object.entries(options.fallbacks ?? {});
  return [
    `request-retry: ${options.requestRetry ?? 1}`,
    'max-retry-interval: 2',
    'retry-base-delay: 0.01',
    ...section('claude-api-key', 'anthropic'),
    ...section('openai-compatibility', 'openai-chat'),
    ...(fallbacks.length === 0
      ? []
      : [
          'fallbacks:',
          ...fallbacks.map(
            ([model, references]) => `  "${model}": [${references.map((r) => `"${r}"`).join(', ')}]`,
          ),
        ]),
    ...(options.extraYaml ?? []),
    '',
  ].join('\n');
}

/** A running bench: gateway, one SDK client, and a usage watch started before the first request. */
export interface RoutedBench {
  readonly gateway: TestGateway;
  readonly client: RoutedClient;
  /** Counts usage records from the bench's start. */
  readonly usage: UsageWatch;
  close(): Promise<void>;
}

/**
 * Resets every fake of `options.upstreams` (requests and queue), starts a gateway with
 * {@link benchGatewayYaml}, and binds the `client` SDK (maxRetries: 0, inbound key `apiKey`) to it.
 */
export async function startRoutedBench(
  client: FaultClientKind,
  options: BenchConfigOptions,
  apiKey = 'x',
): Promise<RoutedBench> {
  for (const upstream of options.upstreams) upstream.fake.reset();
  const gateway = await startTestGateway({ yaml: benchGatewayYaml(options) });
  return {
    gateway,
    client: createRoutedClient(client, gateway.url, apiKey),
    usage: new UsageWatch(gateway),
    close: () => gateway.close(),
  };
}
