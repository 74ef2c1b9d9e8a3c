// The result of a bench run: one row per (scenario, metric), floor next to gateway, and the facts of the
// run (machine, Node, commit, settings). This is what the JSON files hold and RESULTS.md shows.
import { mean, median } from './stats.js';

/** Units the report knows how to print (µs: CPU time per request). */
export type MetricUnit = 'req/s' | 'ms' | 'µs' | 'bytes';

/** One measured figure for the floor and the gateway. */
export interface MetricRow {
  readonly scenario: number;
  readonly metric: string;
  readonly unit: MetricUnit;
  /** The floor's figure (null when the floor has none). */
  readonly floor: number | null;
  readonly gateway: number;
  /**
   * gateway / floor (null without a floor figure). For req/s under load: the median of the rounds'
   * ratios (each round runs floor and gateway back to back), not the ratio of the means.
   */
  readonly ratio: number | null;
  /** Lowest and highest of the rounds' ratios, when the ratio is their median. */
  readonly spread?: readonly [number, number] | undefined;
  /** The target for this row, in words (null: no target). */
  readonly target: string | null;
  /** Whether the target is met (null: no target). */
  readonly pass: boolean | null;
}

/** What the run was and where. */
export interface RunFacts {
  readonly date: string;
  readonly commit: string;
  /** The working tree differed from the commit (the built gateway may hold uncommitted changes). */
  readonly dirty: boolean;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryBytes: number;
    readonly os: string;
  };
  readonly node: string;
  readonly quick: boolean;
  /** Scenarios run (all when the run was not limited with --only). */
  readonly scenarios: readonly number[];
  /** The gateway's configuration, in words. */
  readonly gatewaySetup: string;
  /** Load settings, in words. */
  readonly method: readonly string[];
}

/** A whole run. */
export interface BenchRun extends RunFacts {
  readonly rows: MetricRow[];
  /** Warnings of the run (failed requests, skipped parts). */
  readonly notes: string[];
  /** Raw figures per scenario (round results, per-run start-up times, …). */
  readonly raw: Record<string, unknown>;
}

/** Titles of the scenarios, by number. */
export const SCENARIO_TITLES: Readonly<Record<number, string>> = {
  0: "A/A check: a second floor process in the gateway's place (scenario 1's request)",
  1: 'Fast path, Anthropic → Anthropic, small body',
  2: 'Fast path, Claude Code request (78 KB, 24 tools)',
  3: 'Fast path streaming, 200 text deltas',
  4: 'Claude Code request → OpenAI Chat upstream, streaming, tool call',
  5: 'OpenAI Chat client → Anthropic upstream, streaming',
  6: 'Sequential added latency (1 connection)',
  7: 'Memory, 1,000 open slow streams',
  8: 'Start-up to listening',
};

/** A row comparing gateway to floor, with an optional lower bound on the ratio. */
export function ratioRow(
  scenario: number,
  metric: string,
  unit: MetricUnit,
  floor: number,
  gateway: number,
  minimumRatio?: number,
): MetricRow {
  const ratio = gateway / floor;
  return {
    scenario,
    metric,
    unit,
    floor,
    gateway,
    ratio,
    target: minimumRatio === undefined ? null : `≥ ${minimumRatio} × floor`,
    pass: minimumRatio === undefined ? null : ratio >= minimumRatio,
  };
}

/**
 * A row from paired rounds (round i of the floor ran next to round i of the gateway): the figures are
 * the means over rounds; the ratio is the median of the rounds' gateway / floor ratios, which cancels
 * the drift of a shared machine between rounds, and `spread` their range.
 * @throws when the two sides have different numbers of rounds, or none
 */
export function pairedRatioRow(
  scenario: number,
  metric: string,
  unit: MetricUnit,
  floorRounds: readonly number[],
  gatewayRounds: readonly number[],
  minimumRatio?: number,
): MetricRow {
  if (floorRounds.length !== gatewayRounds.length || floorRounds.length === 0)
    throw new Error(`paired rounds: ${floorRounds.length} floor against ${gatewayRounds.length} gateway`);
  const ratios = gatewayRounds.map((gateway, round) => gateway / (floorRounds[round] ?? Number.NaN));
  const ratio = median(ratios);
  return {
    scenario,
    metric,
    unit,
    floor: mean(floorRounds),
    gateway: mean(gatewayRounds),
    ratio,
    spread: [Math.min(...ratios), Math.max(...ratios)],
    target: minimumRatio === undefined ? null : `≥ ${minimumRatio} × floor`,
    pass: minimumRatio === undefined ? null : ratio >= minimumRatio,
  };
}

/** A row whose target is an upper bound on the gateway's figure. */
export function ceilingRow(
  scenario: number,
  metric: string,
  unit: MetricUnit,
  floor: number | null,
  gateway: number,
  ceiling: number | undefined,
  ceilingText: string,
): MetricRow {
  return {
    scenario,
    metric,
    unit,
    floor,
    gateway,
    ratio: floor === null || floor === 0 ? null : gateway / floor,
    target: ceiling === undefined ? null : ceilingText,
    pass: ceiling === undefined ? null : gateway <= ceiling,
  };
}
