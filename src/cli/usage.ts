import Table from 'cli-table3';
import { resolveHome } from '../config/load-config.js';
import { usagePeriodStart, type UsagePeriod } from '../observability/parse-usage-query.js';
import {
  usageAggregates,
  usageTotals,
  type UsageAggregateRow,
  type UsageBucket,
  type UsageDimension,
  type UsageTotals,
} from '../observability/usage-query.js';
import { openUsageDatabase } from '../store/sqlite/usage-database.js';

/** Flags of `switchboard usage` (already parsed: times in ms since the epoch). */
export interface UsageOptions {
  /** Range counted back from now (default `day` = the last 24 h); `since` wins over it. */
  readonly period?: UsagePeriod | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  /** Dimensions of the rows (default `model`). */
  readonly by?: readonly UsageDimension[] | undefined;
  /** Split rows by UTC hour or day (default: one row per dimension values over the whole range). */
  readonly bucket?: Exclude<UsageBucket, 'none'> | undefined;
  /** Print `{ range, totals, aggregates }` as JSON instead of the table. */
  readonly json?: boolean | undefined;
  /** SWITCHBOARD_HOME override (default: the environment's, else `~/.switchboard`). */
  readonly home?: string | undefined;
}

/** Where the usage command reads its environment and prints. */
export interface UsageEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly print: (text: string) => void;
  /** ms since the epoch (tests); default `Date.now()`. */
  readonly now?: number | undefined;
}

const DIMENSION_HEADINGS: Readonly<Record<UsageDimension, string>> = {
  model: 'model',
  upstreamModel: 'upstream model',
  upstream: 'upstream',
  inboundKey: 'key',
};

const NUMBER_HEADINGS = [
  'requests',
  'errors',
  'input',
  'output',
  'cache read',
  'cache write',
  'reasoning',
  'avg latency ms',
];

/**
 * `switchboard usage` (issue 6): reads `<home>/data/usage.db` read-only (safe while the gateway runs:
 * WAL) and prints a table of requests, errors, tokens of each kind and average latency (ms) per
 * dimension values (and time bucket) over a period, with a totals row; or, with `json`, the same
 * data as `GET /v0/management/usage` answers.
 * @throws Error with a clear message when there is no usage database (the CLI exits 1)
 */
export function runUsage(options: UsageOptions, environment: UsageEnvironment): void {
  const home = resolveHome(options.home === undefined ? environment.env : { SWITCHBOARD_HOME: options.home });
  const now = environment.now ?? Date.now();
  const since = options.since ?? usagePeriodStart(options.period ?? 'day', now);
  const until = options.until;
  const by = options.by ?? ['model'];
  const bucket: UsageBucket = options.bucket ?? 'none';
  const database = openUsageDatabase(home, { readonly: true });
  try {
    const totals = usageTotals(database, { since, until });
    const aggregates = usageAggregates(database, { since, until, bucket, by });
    if (options.json === true) {
      const range = { since: since ?? null, until: until ?? null };
      environment.print(JSON.stringify({ range, totals, aggregates }, null, 2));
      return;
    }
    const from = since === undefined ? 'the first record' : new Date(since).toISOString();
    const to = until === undefined ? 'now' : new Date(until).toISOString();
    environment.print(`Usage from ${from} to ${to} (${database.path})`);
    environment.print(renderUsageTable(aggregates, totals, by, bucket !== 'none'));
  } finally {
    database.close();
  }
}

/**
 * The usage table: one row per aggregate (a `time (UTC)` column first when bucketed, then the
 * dimensions), the numbers right-aligned with thousands separators, and a `total` row. No colors.
 */
export function renderUsageTable(
  aggregates: readonly UsageAggregateRow[],
  totals: UsageTotals,
  by: readonly UsageDimension[],
  bucketed: boolean,
): string {
  const labels = [
    ...(bucketed ? ['time (UTC)'] : []),
    ...by.map((dimension) => DIMENSION_HEADINGS[dimension]),
  ];
  const table = new Table({
    head: [...labels, ...NUMBER_HEADINGS],
    style: { head: [], border: [], compact: true },
    colAligns: [...labels.map(() => 'left' as const), ...NUMBER_HEADINGS.map(() => 'right' as const)],
  });
  for (const row of aggregates) {
    const time = bucketed ? [row.bucket ?? ''] : [];
    const values = by.map((dimension) => row[dimension] ?? '-');
    table.push([...time, ...values, ...numbersOf(row, row.avgLatencyMs)]);
  }
  const totalLabel = labels.length === 0 ? [] : [{ content: 'total', colSpan: labels.length }];
  table.push([...totalLabel, ...numbersOf(totals, totals.latencyMs.avg ?? 0)]);
  return table.toString();
}

function numbersOf(row: UsageAggregateRow | UsageTotals, avgLatencyMs: number): string[] {
  const { tokens } = row;
  return [
    row.requests,
    row.errors,
    tokens.input,
    tokens.output,
    tokens.cacheRead,
    tokens.cacheWrite,
    tokens.reasoning,
    avgLatencyMs,
  ].map((value) => value.toLocaleString('en-US'));
}
