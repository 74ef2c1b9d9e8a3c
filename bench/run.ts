// Entry of `npm run bench` (after `npm run build`): starts the bench upstream, the floor proxy and the
// built gateway on loopback, runs scenarios 1–8 (see bench/README.md), prints the table and writes
// bench/RESULTS.md and bench/results/*.json. Options: --quick (short smoke run), --only 1,3 (some
// scenarios), --profile (gateway under --cpu-prof; profile in bench/out/profiles/, results not kept).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchRun, MetricRow } from './bench-result.js';
import {
  claudeCodeMessages,
  claudeCodeToOpenAI,
  openAIToAnthropic,
  smallMessages,
  smallMessagesStream,
} from './bench-requests.js';
import { benchSettings, describeSettings } from './bench-settings.js';
import { installTeardown, killAllChildren, REPO_ROOT } from './child-processes.js';
import { GATEWAY_SETUP, removeGatewayHomes } from './gateway-config.js';
import { gitFacts, machineFacts, renderTable, writeResults } from './report.js';
import type { ScenarioContext, ServerPair } from './scenario-context.js';
import { runLatencyScenario } from './scenario-latency.js';
import { runLoadScenario, type LoadScenario } from './scenario-load.js';
import { runMemoryScenario } from './scenario-memory.js';
import { runSameServerCheck } from './scenario-same-server.js';
import { runStartupScenario } from './scenario-startup.js';
import { startFloor, startGateway, startUpstream } from './servers.js';

const ALL_SCENARIOS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

const LOAD_SCENARIOS: readonly LoadScenario[] = [
  { id: 1, requests: smallMessages(), streaming: false, minimumRatio: 0.85 },
  { id: 2, requests: claudeCodeMessages(), streaming: false, minimumRatio: 0.85 },
  { id: 3, requests: smallMessagesStream(), streaming: true },
  { id: 4, requests: claudeCodeToOpenAI(), streaming: true, minimumRatio: 0.6 },
  { id: 5, requests: openAIToAnthropic(), streaming: true, minimumRatio: 0.6 },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
    },
  });
  const selected = parseOnly(values.only);
  const settings = benchSettings(values.quick);
  if (!existsSync(path.join(REPO_ROOT, 'dist/switchboard.mjs')))
    throw new Error('dist/ is missing: run npm run build');
  installTeardown();
  const outDir = path.join(REPO_ROOT, 'bench/out');
  const logDir = path.join(outDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const profileDir = values.profile ? path.join(outDir, 'profiles') : undefined;
  const startedAt = new Date();
  process.stdout.write(
    `Switchboard bench (${settings.quick ? 'quick' : 'full'}), scenarios ${selected.join(',')}\n`,
  );

  const upstream = await startUpstream({ logDir });
  const context: ScenarioContext = {
    settings,
    places: { logDir, profileDir },
    scratchDir: await mkdtemp(path.join(tmpdir(), 'switchboard-bench-bodies-')),
    upstream,
    notes: [],
    raw: {},
  };
  const rows: MetricRow[] = [];
  // Start-up first, while nothing else has run.
  if (selected.includes(8)) rows.push(...(await section(8, () => runStartupScenario(context))));
  const needsPair = selected.some((id) => id <= 6);
  if (needsPair) {
    const servers: ServerPair = {
      floor: await startFloor(upstream.url, { logDir }),
      gateway: await startGateway(upstream.url, context.places),
    };
    // The A/A check first, as the yardstick of the load scenarios' ratios.
    if (LOAD_SCENARIOS.some((scenario) => selected.includes(scenario.id)))
      rows.push(...(await section(0, () => runSameServerCheck(servers.floor, context))));
    for (const scenario of LOAD_SCENARIOS) {
      if (selected.includes(scenario.id)) {
        rows.push(...(await section(scenario.id, () => runLoadScenario(scenario, servers, context))));
      }
    }
    if (selected.includes(6)) rows.push(...(await section(6, () => runLatencyScenario(servers, context))));
    await Promise.all([servers.floor.stop(), servers.gateway.stop()]);
  }
  if (selected.includes(7)) rows.push(...(await section(7, () => runMemoryScenario(context))));
  await upstream.stop();
  await Promise.all([removeGatewayHomes(), rm(context.scratchDir, { recursive: true, force: true })]);

  rows.sort((left, right) => left.scenario - right.scenario);
  if (profileDir !== undefined)
    context.notes.push('Profiled run (gateway under --cpu-prof): figures are slower.');
  const { commit, dirty } = gitFacts();
  const run: BenchRun = {
    date: startedAt.toISOString(),
    commit,
    dirty,
    machine: machineFacts(),
    node: process.version,
    quick: settings.quick,
    scenarios: selected,
    gatewaySetup: GATEWAY_SETUP,
    method: describeSettings(settings),
    rows,
    notes: context.notes,
    raw: context.raw,
  };
  const complete = !settings.quick && profileDir === undefined && selected.length === ALL_SCENARIOS.length;
  const files = await writeResults(run, complete);
  process.stdout.write(`\n${renderTable(rows)}\n\n`);
  for (const note of context.notes) process.stdout.write(`note: ${note}\n`);
  const missed = rows.filter((row) => row.pass === false);
  process.stdout.write(
    `${missed.length === 0 ? 'All targets met.' : `Missed: ${missed.map((row) => `${row.scenario} ${row.metric}`).join('; ')}`}\n`,
  );
  process.stdout.write(`Wrote ${files.map((file) => path.relative(REPO_ROOT, file)).join(', ')}\n`);
  if (profileDir !== undefined)
    process.stdout.write(`CPU profile(s) in ${path.relative(REPO_ROOT, profileDir)}/\n`);
}

async function section(id: number, run: () => Promise<MetricRow[]>): Promise<MetricRow[]> {
  process.stdout.write(id === 0 ? 'A/A check\n' : `Scenario ${id}\n`);
  const started = performance.now();
  const rows = await run();
  process.stdout.write(`  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  return rows;
}

function parseOnly(only: string | undefined): number[] {
  if (only === undefined) return [...ALL_SCENARIOS];
  const ids = only.split(',').map((part) => Number(part.trim()));
  const unknown = ids.filter((id) => !(ALL_SCENARIOS as readonly number[]).includes(id));
  if (unknown.length > 0) throw new Error(`--only: unknown scenario(s) ${unknown.join(', ')} (1–8)`);
  return [...new Set(ids)].sort((left, right) => left - right);
}

main().then(
  () => {
    killAllChildren();
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    killAllChildren();
    process.exit(1);
  },
);
