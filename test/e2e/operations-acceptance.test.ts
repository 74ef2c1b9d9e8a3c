// Issue 6's acceptance, end to end on one gateway home: traffic through both SDKs; the config file
// edited in the middle of a stream (the stream completes, the next request takes the new route); a
// broken config PUT through the management API (refused with its issues, traffic unaffected); wrong
// management keys and a remote caller refused; /metrics parsed by a Prometheus text parser; then a
// clean restart on the same home, whose usage totals read back through GET /v0/management/usage and
// `switchboard usage --json` equal those of before the restart.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/cli/start.js';
import { createLogger } from '../../src/observability/logger.js';
import { spawnSwitchboard } from '../support/spawn-switchboard.js';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';

const INBOUND_KEY = 'ops-inbound-key-1234';
const MANAGEMENT_KEY = 'ops-management-secret-5678';

let home: string;
let configPath: string;
let first: FakeAnthropicUpstream;
let second: FakeAnthropicUpstream;

/** The config: Claude Code's sonnet tier goes to `target` (the file is rewritten mid-test to switch it). */
function configText(target: 'first' | 'second'): string {
  return `# operations acceptance
host: ""
api-keys: ["${INBOUND_KEY}"]
request-retry: 0
discover-local: false
remote-management:
  secret-key: "${MANAGEMENT_KEY}"
model-routing:
  sonnet: ${target}/claude-ops
claude-api-key:
  - name: first
    base-url: "${first.url}"
    models: [{ name: claude-ops }]
  - name: second
    base-url: "${second.url}"
    models: [{ name: claude-ops }]
`;
}

async function start(): Promise<RunningGateway> {
  const gateway = await startGateway(
    { config: configPath, port: 0 },
    { env: { SWITCHBOARD_HOME: home }, print: () => undefined, logger: createLogger({ level: 'silent' }) },
  );
  await gateway.ready;
  return gateway;
}

function management(gateway: RunningGateway, route: string, init: RequestInit = {}, key = MANAGEMENT_KEY) {
  return fetch(`${gateway.url}/v0/management${route}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string> | undefined) },
  });
}

/** Polls until `check` holds (the file watcher applies an edit within ~100–300 ms). */
async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A non-loopback IPv4 address of this machine, if it has one (a "remote" peer for the gateway). */
function externalAddress(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? [])
      if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return undefined;
}

beforeAll(async () => {
  first = await startFakeAnthropicUpstream();
  second = await startFakeAnthropicUpstream();
  home = await mkdtemp(path.join(os.tmpdir(), 'switchboard-ops-'));
  configPath = path.join(home, 'config.yaml');
  await writeFile(configPath, configText('first'), { mode: 0o600 });
});

afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  await rm(home, { recursive: true, force: true });
});

describe('operating the gateway (issue 6 acceptance)', () => {
  it('reloads, refuses bad config and bad callers, exposes metrics, and keeps usage across a restart', async () => {
    const gateway = await start();
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: INBOUND_KEY, maxRetries: 0 });
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: INBOUND_KEY, maxRetries: 0 });
    const ask = () =>
      anthropic.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      });

    // Traffic through both SDKs, all to `first`.
    await ask();
    await openai.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect([first.requests.length, second.requests.length]).toEqual([2, 0]);

    // A slow stream is running on `first` while the file switches the route to `second`.
    first.enqueue({
      kind: 'message',
      content: [{ type: 'text', text: 'a stream that outlives the reload' }],
      eventDelayMs: 60,
    });
    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'stream' }],
    });
    await eventually(() => first.requests.length === 3);
    const before = gateway.configHolder.current;
    await writeFile(configPath, configText('second'), { mode: 0o600 });
    await eventually(() => gateway.configHolder.current !== before);
    const streamed = await stream.finalMessage();
    expect(streamed.content[0]).toMatchObject({ type: 'text', text: 'a stream that outlives the reload' });
    await ask();
    expect([first.requests.length, second.requests.length]).toEqual([3, 1]);

    // A broken config is refused with its issues; the running config and traffic are untouched.
    const running = gateway.configHolder.current;
    const refused = await management(gateway, '/config.yaml', {
      method: 'PUT',
      headers: { 'content-type': 'application/yaml' },
      body: 'port: "not a port"\nclaude-api-key: 7\n',
    });
    expect(refused.status).toBe(400);
    const refusal = (await refused.json()) as { error: { issues: unknown[] } };
    expect(refusal.error.issues.length).toBeGreaterThan(0);
    expect(gateway.configHolder.current).toBe(running);
    expect(await readFile(configPath, 'utf8')).not.toContain('not a port');
    await ask();
    expect(second.requests.length).toBe(2);

    // Wrong or missing management keys are refused, and so is the inbound key.
    expect((await management(gateway, '/config', {}, 'wrong-key-0000')).status).toBe(401);
    expect((await management(gateway, '/config', {}, INBOUND_KEY)).status).toBe(401);
    expect((await fetch(`${gateway.url}/v0/management/config`)).status).toBe(401);
    expect((await management(gateway, '/config')).status).toBe(200);

    // A caller from another address (allow-remote is false) is refused even with the right key.
    const external = externalAddress();
    if (external !== undefined) {
      const port = new URL(gateway.url).port;
      const remote = await fetch(`http://${external}:${port}/v0/management/config`, {
        headers: { authorization: `Bearer ${MANAGEMENT_KEY}` },
      });
      expect(remote.status).toBe(403);
    }

    // /metrics parses and counts the traffic.
    const metricsResponse = await fetch(`${gateway.url}/metrics`, {
      headers: { authorization: `Bearer ${INBOUND_KEY}` },
    });
    expect(metricsResponse.status).toBe(200);
    const families = parsePrometheusTextFormat(await metricsResponse.text());
    const requests = families.find((family) => family.name === 'switchboard_requests_total');
    const counted = (requests?.metrics ?? []).reduce((sum, sample) => sum + Number(sample.value), 0);
    expect(counted).toBe(5);

    // Usage totals before a clean restart…
    const totalsOf = async (target: RunningGateway) => {
      const response = await management(target, '/usage?since=0');
      expect(response.status).toBe(200);
      return ((await response.json()) as { totals: { requests: number; complete: number } }).totals;
    };
    const beforeRestart = await totalsOf(gateway);
    expect(beforeRestart).toMatchObject({ requests: 5, complete: 5 });
    await gateway.close(1000);

    // …equal those after it, through the API and the CLI.
    const restarted = await start();
    try {
      expect(await totalsOf(restarted)).toEqual(beforeRestart);
    } finally {
      await restarted.close(1000);
    }
    const cli = spawnSwitchboard(['usage', '--period', 'all', '--json'], { SWITCHBOARD_HOME: home });
    expect(await cli.exited).toBe(0);
    const printed = JSON.parse(cli.stdout()) as { totals: unknown };
    expect(printed.totals).toEqual(beforeRestart);
  });
});
