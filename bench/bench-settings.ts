// How long and how hard each scenario runs: the full run (a few minutes) and `--quick` (a smoke run).
import type { SequentialLoad } from './measure-sequential.js';
import type { StreamLoad } from './measure-streams.js';

/** Durations and sizes of a run. */
export interface BenchSettings {
  readonly quick: boolean;
  /** autocannon connections in scenarios 1–5. */
  readonly connections: number;
  /** Unmeasured autocannon run per server before a scenario's rounds, s. */
  readonly warmupSeconds: number;
  /**
   * Measured rounds per server: in each, floor and gateway run back to back (the floor first in even
   * rounds); the req/s ratio is the median of the rounds' ratios.
   */
  readonly rounds: number;
  readonly roundSeconds: number;
  /** TTFB / total time of streams (scenarios 3–5). */
  readonly streamLoad: StreamLoad;
  /** Scenario 6. */
  readonly sequential: SequentialLoad;
  /** Scenario 7: slow streams held open. */
  readonly openStreams: number;
  /** Scenario 8: starts per server (the first reported as cold). */
  readonly startups: number;
}

/** The settings of a full run (about 8 minutes) or of a quick one (about 1.5 minutes). */
export function benchSettings(quick: boolean): BenchSettings {
  return quick
    ? {
        quick,
        connections: 50,
        warmupSeconds: 1,
        rounds: 2,
        roundSeconds: 2,
        streamLoad: { requests: 200, concurrency: 20, warmupRequests: 40 },
        sequential: { rounds: 2, requestsPerRound: 500 },
        openStreams: 1000,
        startups: 3,
      }
    : {
        quick,
        connections: 50,
        warmupSeconds: 3,
        rounds: 6,
        roundSeconds: 3,
        streamLoad: { requests: 500, concurrency: 20, warmupRequests: 100 },
        sequential: { rounds: 5, requestsPerRound: 2000 },
        openStreams: 1000,
        startups: 5,
      };
}

/** The settings in words, for the report. */
export function describeSettings(settings: BenchSettings): string[] {
  return [
    `Load (scenarios 1–5): autocannon 9 (its CLI, a separate process), ${settings.connections} connections, ` +
      `a ${settings.warmupSeconds} s warm-up per server, then ${settings.rounds} round(s) of ${settings.roundSeconds} s ` +
      'per server, floor and gateway back to back in each round, the order alternating; req/s and latency ' +
      "percentiles are means over the rounds (autocannon's latency histogram has 1 ms steps); the req/s " +
      "ratio is the median of the rounds' gateway / floor ratios, their range in brackets. CPU per request: " +
      "the server process's user + system time over each round (/proc, all threads and the main thread " +
      "alone) divided by the requests it answered; what the gateway adds is its figure minus the floor's.",
    "A/A check (scenario 0): a second floor process in the gateway's place, scenario 1's request, the " +
      'same rounds; its departure from 1 is the noise of the machine and the method in this run.',
    `Streams (3–5): time to first body byte and to the end over ${settings.streamLoad.requests} requests at ` +
      `${settings.streamLoad.concurrency} concurrency (undici client in the runner, after ` +
      `${settings.streamLoad.warmupRequests} unmeasured ones).`,
    `Sequential (6): one keep-alive connection per target, ${settings.sequential.rounds} rounds of ` +
      `${settings.sequential.requestsPerRound} requests per target (upstream directly, floor, gateway), ` +
      'order rotating; the median of the round medians; added latency = the median over rounds of ' +
      "the round's median minus the direct call's in the same round.",
    `Memory (7): VmRSS of fresh floor and gateway processes after a warm-up, then with ${settings.openStreams} ` +
      'slow streams (one delta a second) that each got their first chunk; per stream = difference / streams.',
    `Start-up (8): spawn of the built CLI to the first 200 of GET /healthz (polled every 5 ms), ${settings.startups} ` +
      'starts with a fresh home each; floor = a bare node:http server started the same way.',
    'The floor runs as plain JavaScript on bare Node (bench/build-floor.ts), the gateway from dist/, the ' +
      'upstream under tsx; each is its own process.',
    'Every process (load generator, upstream, server under test, runner) shares the machine: on 2 cores the ' +
      'load generator and the upstream take CPU from the server under test, the floor as much as the gateway.',
  ];
}
