import type Database from 'better-sqlite3';
import type { UsageDatabase } from '../store/sqlite/usage-database.js';

/** A time range over `started_at`, ms since the epoch: `since` inclusive, `until` exclusive; open ends when absent. */
export interface UsageRange {
  readonly since?: number | undefined;
  readonly until?: number | undefined;
}

/** Token sums (tokens, integers). `cacheWrite` = cache-creation input tokens. */
export interface UsageTokenSums {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  readonly reasoning: number;
}

/** Request counts: all, by outcome, `errors` = rejected + failed, `fallbacks` = answered by a fallback. */
export interface UsageCounts {
  readonly requests: number;
  readonly complete: number;
  readonly rejected: number;
  readonly failed: number;
  readonly aborted: number;
  readonly errors: number;
  readonly fallbacks: number;
}

/** Totals over a range (see {@link usageTotals}). Latencies in ms, rounded; null when no request. */
export interface UsageTotals extends UsageCounts {
  readonly tokens: UsageTokenSums;
  /** Extra upstream calls beyond the first, summed (retries and fallbacks). */
  readonly retries: number;
  readonly latencyMs: {
    readonly avg: number | null;
    readonly p50: number | null;
    readonly p95: number | null;
  };
  /** Average time to first byte over requests that sent one (ms). */
  readonly firstByteMs: { readonly avg: number | null };
}

/** An aggregate dimension: requested model, upstream model, upstream id, inbound key id. */
export type UsageDimension = 'model' | 'upstreamModel' | 'upstream' | 'inboundKey';

/** Every {@link UsageDimension}, in column order. */
export const USAGE_DIMENSIONS: readonly UsageDimension[] = [
  'model',
  'upstreamModel',
  'upstream',
  'inboundKey',
];

/** Time bucket of aggregates (UTC): an hour, a day, or `none` = the whole range as one bucket. */
export type UsageBucket = 'hour' | 'day' | 'none';

/** What {@link usageAggregates} groups by. */
export interface UsageAggregateQuery extends UsageRange {
  readonly bucket: UsageBucket;
  /** Dimensions, each at most once (order = column order of the rows). */
  readonly by: readonly UsageDimension[];
}

/**
 * One aggregate row: a time bucket × the chosen dimensions' values (only the chosen keys are
 * present; null = absent, e.g. no upstream for a rejected request, no inbound key without auth).
 */
export interface UsageAggregateRow extends UsageCounts {
  /** Bucket start, ms since the epoch (UTC hour/day); null for bucket `none`. */
  readonly bucketStart: number | null;
  /** Bucket start as ISO 8601 (UTC); null for bucket `none`. */
  readonly bucket: string | null;
  readonly model?: string | null;
  readonly upstreamModel?: string | null;
  readonly upstream?: string | null;
  readonly inboundKey?: string | null;
  readonly tokens: UsageTokenSums;
  /** Average latency, ms, rounded. */
  readonly avgLatencyMs: number;
}

const DIMENSION_COLUMNS: Readonly<Record<UsageDimension, string>> = {
  model: 'requested_model',
  upstreamModel: 'upstream_model',
  upstream: 'upstream',
  inboundKey: 'inbound_key_id',
};

const BUCKET_MS: Readonly<Record<Exclude<UsageBucket, 'none'>, number>> = {
  hour: 3_600_000,
  day: 86_400_000,
};

const SUMS = `
  COUNT(*) AS requests,
  COALESCE(SUM(outcome = 'complete'), 0) AS complete,
  COALESCE(SUM(outcome = 'rejected'), 0) AS rejected,
  COALESCE(SUM(outcome = 'failed'), 0) AS failed,
  COALESCE(SUM(outcome = 'aborted'), 0) AS aborted,
  COALESCE(SUM(fallback_from IS NOT NULL), 0) AS fallbacks,
  COALESCE(SUM(input_tokens), 0) AS input,
  COALESCE(SUM(output_tokens), 0) AS output,
  COALESCE(SUM(cache_read_tokens), 0) AS cacheRead,
  COALESCE(SUM(cache_creation_tokens), 0) AS cacheWrite,
  COALESCE(SUM(reasoning_tokens), 0) AS reasoning,
  AVG(latency_ms) AS avgLatency`;

interface SumsRow {
  requests: number;
  complete: number;
  rejected: number;
  failed: number;
  aborted: number;
  fallbacks: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  avgLatency: number | null;
}

/** The `WHERE` clause (empty for an open range) and named parameters selecting a range's rows. */
export function usageRangeFilter(range: UsageRange): { where: string; params: Record<string, number> } {
  const clauses: string[] = [];
  const params: Record<string, number> = {};
  if (range.since !== undefined) {
    clauses.push('started_at >= @since');
    params.since = range.since;
  }
  if (range.until !== undefined) {
    clauses.push('started_at < @until');
    params.until = range.until;
  }
  return { where: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

function countsOf(row: SumsRow): UsageCounts {
  return {
    requests: row.requests,
    complete: row.complete,
    rejected: row.rejected,
    failed: row.failed,
    aborted: row.aborted,
    errors: row.rejected + row.failed,
    fallbacks: row.fallbacks,
  };
}

function tokensOf(row: SumsRow): UsageTokenSums {
  const { input, output, cacheRead, cacheWrite, reasoning } = row;
  return { input, output, cacheRead, cacheWrite, reasoning };
}

function roundOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value);
}

/** Nearest-rank percentile of latency over the range (one indexed, sorted scan). */
function latencyPercentile(
  db: Database.Database,
  range: UsageRange,
  count: number,
  p: number,
): number | null {
  if (count === 0) return null;
  const { where, params } = usageRangeFilter(range);
  const offset = Math.max(0, Math.ceil(p * count) - 1);
  const row = db
    .prepare<[Record<string, number>], { latency_ms: number }>(
      `SELECT latency_ms FROM usage_records ${where} ORDER BY latency_ms LIMIT 1 OFFSET ${offset}`,
    )
    .get(params);
  return row?.latency_ms ?? null;
}

/**
 * Totals over a range (issue 6): requests by outcome, errors, fallbacks, retries, token sums of
 * each kind, latency average / p50 / p95 and average time to first byte (ms).
 */
export function usageTotals(database: UsageDatabase, range: UsageRange = {}): UsageTotals {
  const { db } = database;
  const { where, params } = usageRangeFilter(range);
  const row = db
    .prepare<[Record<string, number>], SumsRow & { retries: number; avgFirstByte: number | null }>(
      `SELECT ${SUMS}, COALESCE(SUM(MAX(attempts - 1, 0)), 0) AS retries, AVG(first_byte_ms) AS avgFirstByte
       FROM usage_records ${where}`,
    )
    .get(params);
  if (row === undefined) throw new Error('usage totals query returned no row');
  return {
    ...countsOf(row),
    tokens: tokensOf(row),
    retries: row.retries,
    latencyMs: {
      avg: roundOrNull(row.avgLatency),
      p50: latencyPercentile(db, range, row.requests, 0.5),
      p95: latencyPercentile(db, range, row.requests, 0.95),
    },
    firstByteMs: { avg: roundOrNull(row.avgFirstByte) },
  };
}

/**
 * Aggregates (issue 6): one row per UTC time bucket × the chosen dimensions' values, ordered by
 * bucket, then by requests (most first), then by the dimension values.
 * @throws Error for a dimension named twice
 */
export function usageAggregates(database: UsageDatabase, query: UsageAggregateQuery): UsageAggregateRow[] {
  if (new Set(query.by).size !== query.by.length) throw new Error('a usage dimension is named twice');
  const { where, params } = usageRangeFilter(query);
  const size = query.bucket === 'none' ? undefined : BUCKET_MS[query.bucket];
  const bucketExpression = size === undefined ? 'NULL' : `(started_at / ${size}) * ${size}`;
  const dimensions = query.by.map((dimension) => `${DIMENSION_COLUMNS[dimension]} AS "${dimension}"`);
  const groups = ['bucketStart', ...query.by.map((dimension) => `"${dimension}"`)];
  const order = ['bucketStart', 'requests DESC', ...query.by.map((dimension) => `"${dimension}"`)];
  const rows = database.db
    .prepare<[Record<string, number>], SumsRow & Record<string, string | number | null>>(
      `SELECT ${bucketExpression} AS bucketStart, ${[...dimensions, SUMS].join(', ')}
       FROM usage_records ${where} GROUP BY ${groups.join(', ')} ORDER BY ${order.join(', ')}`,
    )
    .all(params);
  return rows.map((row) => {
    const bucketStart = typeof row.bucketStart === 'number' ? row.bucketStart : null;
    const values: Partial<Record<UsageDimension, string | null>> = {};
    for (const dimension of query.by) {
      const value = row[dimension];
      values[dimension] = value === null || value === undefined ? null : String(value);
    }
    return {
      bucketStart,
      bucket: bucketStart === null ? null : new Date(bucketStart).toISOString(),
      ...values,
      ...countsOf(row),
      tokens: tokensOf(row),
      avgLatencyMs: roundOrNull(row.avgLatency) ?? 0,
    };
  });
}
