// Scenarios 1–5: throughput and latency under load (autocannon), floor and gateway in alternating rounds,
// plus time to first byte and total time for streams.
import { pairedRatioRow, ratioRow, type MetricRow } from './bench-result.js';
import type { BenchRequest, RequestPair } from './bench-requests.js';
import { measureStreams, type StreamTimings } from './measure-streams.js';
import { cpuPerRequestUs, readCpuTimes, type CpuTimes } from './process-cpu.js';
import { runAutocannon, type LoadResult } from './run-autocannon.js';
import { progress, type ScenarioContext, type ServerPair } from './scenario-context.js';
import { mean } from './stats.js';

/** One load scenario. */
export interface LoadScenario {
  readonly id: number;
  readonly requests: RequestPair;
  readonly streaming: boolean;
  /** Target: gateway req/s ≥ this × floor req/s. */
  readonly minimumRatio?: number | undefined;
}

/** The two servers of a pair. */
export type Side = 'floor' | 'gateway';
const SIDES: readonly Side[] = ['floor', 'gateway'];

/** One side's round: autocannon's figures and the server's CPU µs per request over the round. */
export interface LoadRound extends LoadResult {
  /** µs of CPU per request (process, main thread); undefined where /proc cannot be read. */
  readonly cpuPerRequestUs?: CpuTimes | undefined;
}

/** Each side's results, round by round (round i of both sides ran back to back). */
export type LoadRounds = Record<Side, LoadRound[]>;

/**
 * The load rounds of one request pair: an unmeasured warm-up per side, then `settings.rounds` rounds
 * in which both sides run back to back, the floor first in even rounds and second in odd ones, so
 * that a slow drift of the shared machine weighs on both alike. Failed requests become notes.
 * @param label the progress lines' prefix (the scenario's number)
 */
export async function runLoadRounds(
  label: string,
  requests: RequestPair,
  servers: ServerPair,
  context: ScenarioContext,
): Promise<LoadRounds> {
  const { settings } = context;
  // The server's CPU is read around autocannon's whole run: the server idles while autocannon starts.
  const load = async (side: Side, seconds: number): Promise<LoadRound> => {
    const before = readCpuTimes(servers[side].pid);
    const result = await runAutocannon({
      url: servers[side].url,
      request: requests[side],
      connections: settings.connections,
      durationSeconds: seconds,
      scratchDir: context.scratchDir,
    });
    const cpu = cpuPerRequestUs(before, readCpuTimes(servers[side].pid), result.requests);
    return { ...result, cpuPerRequestUs: cpu };
  };
  for (const side of SIDES) await load(side, settings.warmupSeconds);
  const rounds: LoadRounds = { floor: [], gateway: [] };
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const side of round % 2 === 0 ? SIDES : [...SIDES].reverse()) {
      const result = await load(side, settings.roundSeconds);
      rounds[side].push(result);
      const cpu = result.cpuPerRequestUs;
      progress(
        `${label} ${side}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, ` +
          `p99 ${result.p99Ms} ms` +
          (cpu === undefined ? '' : `, CPU ${Math.round(cpu.main)} µs/req main thread`) +
          (result.failures > 0 ? `, ${result.failures} FAILED` : ''),
      );
    }
  }
  for (const side of SIDES) {
    const failures = rounds[side].reduce((sum, result) => sum + result.failures, 0);
    if (failures > 0) context.notes.push(`Scenario ${label}: ${failures} failed requests on the ${side}.`);
  }
  return rounds;
}

/** The req/s row of paired rounds: means, and the median of the rounds' ratios with their range. */
export function throughputRow(
  scenario: number,
  rounds: LoadRounds,
  connections: number,
  minimumRatio?: number,
): MetricRow {
  const rate = (side: Side): number[] => rounds[side].map((result) => result.requestsPerSecond);
  return pairedRatioRow(
    scenario,
    `req/s, ${connections} connections`,
    'req/s',
    rate('floor'),
    rate('gateway'),
    minimumRatio,
  );
}

/**
 * The CPU rows of paired rounds: µs per request of the main thread (the one that saturates under load)
 * and of the whole process, each side's mean over the rounds, the ratio the median of the rounds'
 * ratios. What the gateway adds is its figure minus the floor's. Where a server's main thread is not
 * saturated the figure is steadier than req/s; where it is, it is the inverse of req/s and moves
 * with the machine as much (docs/decisions/0005, 0014).
 * @returns no rows when a round has no CPU figures (/proc cannot be read)
 */
export function cpuRows(scenario: number, rounds: LoadRounds): MetricRow[] {
  const cpu = (side: Side): (CpuTimes | undefined)[] => rounds[side].map((round) => round.cpuPerRequestUs);
  const floor = cpu('floor');
  const gateway = cpu('gateway');
  const known = (list: (CpuTimes | undefined)[]): list is CpuTimes[] =>
    list.length > 0 && list.every((times) => times !== undefined);
  if (!known(floor) || !known(gateway)) return [];
  const parts = [
    ['main thread', 'main'],
    ['process', 'process'],
  ] as const;
  return parts.map(([name, part]) =>
    pairedRatioRow(
      scenario,
      `CPU per request, ${name}`,
      'µs',
      floor.map((times) => times[part]),
      gateway.map((times) => times[part]),
    ),
  );
}

/** Runs the scenario and returns its rows (req/s, p50, p99, CPU per request; TTFB p99 and total p99 for streams). */
export async function runLoadScenario(
  scenario: LoadScenario,
  servers: ServerPair,
  context: ScenarioContext,
): Promise<MetricRow[]> {
  const { settings } = context;
  const rounds = await runLoadRounds(String(scenario.id), scenario.requests, servers, context);
  const average = (side: Side, pick: (result: LoadResult) => number): number => mean(rounds[side].map(pick));
  const rows = [
    throughputRow(scenario.id, rounds, settings.connections, scenario.minimumRatio),
    ratioRow(
      scenario.id,
      'latency p50',
      'ms',
      average('floor', (r) => r.p50Ms),
      average('gateway', (r) => r.p50Ms),
    ),
    ratioRow(
      scenario.id,
      'latency p99',
      'ms',
      average('floor', (r) => r.p99Ms),
      average('gateway', (r) => r.p99Ms),
    ),
    ...cpuRows(scenario.id, rounds),
  ];
  const raw: Record<string, unknown> = { rounds };
  if (scenario.streaming) {
    const timings = await measureStreamSides(scenario, servers, context);
    raw['streams'] = timings;
    const concurrency = `${settings.streamLoad.concurrency} concurrent`;
    rows.push(
      ratioRow(
        scenario.id,
        `TTFB p99, ${concurrency}`,
        'ms',
        timings.floor.ttfbP99Ms,
        timings.gateway.ttfbP99Ms,
      ),
      ratioRow(
        scenario.id,
        `total p99, ${concurrency}`,
        'ms',
        timings.floor.totalP99Ms,
        timings.gateway.totalP99Ms,
      ),
    );
  }
  context.raw[`scenario${scenario.id}`] = raw;
  return rows;
}

async function measureStreamSides(
  scenario: LoadScenario,
  servers: ServerPair,
  context: ScenarioContext,
): Promise<Record<Side, StreamTimings>> {
  const timings: Partial<Record<Side, StreamTimings>> = {};
  // Alternate which side goes first from one scenario to the next.
  for (const side of scenario.id % 2 === 0 ? [...SIDES].reverse() : SIDES) {
    const request: BenchRequest = scenario.requests[side];
    const result = await measureStreams(servers[side].url, request, context.settings.streamLoad);
    if (result.failures > 0) {
      context.notes.push(`Scenario ${scenario.id}: ${result.failures} failed streams on the ${side}.`);
    }
    progress(
      `${scenario.id} ${side} streams: TTFB p50 ${result.ttfbP50Ms.toFixed(2)} / p99 ${result.ttfbP99Ms.toFixed(2)} ms, ` +
        `total p50 ${result.totalP50Ms.toFixed(2)} / p99 ${result.totalP99Ms.toFixed(2)} ms`,
    );
    timings[side] = result;
  }
  return { floor: timings.floor!, gateway: timings.gateway! };
}
