// The gateway as a user would run it: the embedded default config.yaml (every default on: usage statistics
// in SQLite, local discovery, info logs on standard error, metrics) plus three upstream entries that point
// at the bench upstream. Each gateway gets its own temporary SWITCHBOARD_HOME.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_CONFIG_YAML } from '../src/config/default-config-yaml.js';

/** Model names the bench requests use, and where the config sends them. */
export const BENCH_MODELS = {
  /** Any name not listed elsewhere reaches the `bench` entry (no models list: names pass through). */
  anthropic: 'claude-bench',
  /** Listed by the `bench-slow` entry: the upstream's slow stream (one delta a second). */
  slow: 'claude-bench-slow',
  /** Listed by the `bench-openai` entry (OpenAI Chat format, streams ending in a tool call). */
  openai: 'gpt-bench',
} as const;

/** What the bench changes from the defaults, for the report. */
export const GATEWAY_SETUP =
  'embedded default config.yaml (usage statistics on, discover-local on, info logs to a file, metrics on, ' +
  'request-retry 3), plus upstreams: claude-api-key `bench` (Anthropic format, any model), `bench-slow`, ' +
  'openai-compatibility `bench-openai`; no inbound api-keys';

const createdHomes: string[] = [];

/** Deletes every home {@link createGatewayHome} created (call once the gateways have exited). */
export async function removeGatewayHomes(): Promise<void> {
  const homes = createdHomes.splice(0);
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
}

/** A home directory holding a config file. */
export interface GatewayHome {
  readonly home: string;
  readonly configFile: string;
  /** Environment of the gateway process: no provider keys of the caller's environment. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Creates a temporary SWITCHBOARD_HOME with `config.yaml` (mode 0600): the default text plus the bench
 * upstreams at `upstreamUrl`.
 */
export async function createGatewayHome(upstreamUrl: string): Promise<GatewayHome> {
  const home = await mkdtemp(path.join(tmpdir(), 'switchboard-bench-'));
  createdHomes.push(home);
  const configFile = path.join(home, 'config.yaml');
  const upstreams = `
# --- bench/gateway-config.ts: upstreams served by bench/bench-upstream.ts ---
claude-api-key:
  - name: bench
    api-key: "bench-upstream-key"
    base-url: "${upstreamUrl}"
  - name: bench-slow
    api-key: "bench-upstream-key"
    base-url: "${upstreamUrl}/slow"
    models:
      - name: "${BENCH_MODELS.slow}"
openai-compatibility:
  - name: bench-openai
    base-url: "${upstreamUrl}/tool/v1"
    api-key: "bench-upstream-key"
    models:
      - name: "${BENCH_MODELS.openai}"
`;
  await writeFile(configFile, DEFAULT_CONFIG_YAML + upstreams, { mode: 0o600 });
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, SWITCHBOARD_HOME: home };
  return { home, configFile, env };
}
