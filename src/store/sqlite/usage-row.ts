import type Database from 'better-sqlite3';
import type { UsageOutcome, UsageRecord } from '../../observability/usage-record.js';
import type { WireFormat } from '../../protocols/protocol.js';

/**
 * A usage record as JSON (export/import, issue 6): {@link UsageRecord}'s fields and names, with
 * `null` where the record has `undefined`, so every key is always present and a document
 * round-trips exactly. Times in ms since the epoch / ms durations, tokens as integers.
 */
export interface UsageRecordJson {
  readonly requestId: string;
  readonly startedAt: number;
  readonly inbound: WireFormat;
  readonly inboundKeyId: string | null;
  readonly requestedModel: string;
  readonly upstream: string | null;
  readonly upstreamModel: string | null;
  readonly credentialId: string | null;
  readonly fallbackFrom: string | null;
  readonly attempts: number;
  readonly stream: boolean;
  readonly status: number;
  readonly outcome: UsageOutcome;
  readonly errorCode: string | null;
  readonly usage: {
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly cacheReadInputTokens: number;
    readonly cacheCreationInputTokens: number;
    readonly reasoningTokens: number | null;
  };
  readonly firstByteMs: number | null;
  readonly latencyMs: number;
}

/** A `usage_records` row, as SQLite returns it (column names; `stream` 0/1; NULL as null). */
export interface UsageRow {
  readonly request_id: string;
  readonly started_at: number;
  readonly inbound: string;
  readonly inbound_key_id: string | null;
  readonly requested_model: string;
  readonly upstream: string | null;
  readonly upstream_model: string | null;
  readonly credential_id: string | null;
  readonly fallback_from: string | null;
  readonly attempts: number;
  readonly stream: number;
  readonly status: number;
  readonly outcome: string;
  readonly error_code: string | null;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_read_tokens: number;
  readonly cache_creation_tokens: number;
  readonly reasoning_tokens: number | null;
  readonly first_byte_ms: number | null;
  readonly latency_ms: number;
}

/** The `usage_records` columns in {@link UsageRow} order (excluding the rowid). */
export const USAGE_COLUMNS = [
  'request_id',
  'started_at',
  'inbound',
  'inbound_key_id',
  'requested_model',
  'upstream',
  'upstream_model',
  'credential_id',
  'fallback_from',
  'attempts',
  'stream',
  'status',
  'outcome',
  'error_code',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_creation_tokens',
  'reasoning_tokens',
  'first_byte_ms',
  'latency_ms',
] as const satisfies readonly (keyof UsageRow)[];

/**
 * The one insert both the writer (on its thread too) and import use: `INSERT OR IGNORE` on
 * `request_id`, so a record already stored (a retried flush, a re-imported document) is skipped,
 * never duplicated. Its parameters are a {@link UsageRow}'s columns (`@request_id`, …).
 */
export function usageInsertSql(): string {
  const names = USAGE_COLUMNS.join(', ');
  const values = USAGE_COLUMNS.map((column) => `@${column}`).join(', ');
  return `INSERT OR IGNORE INTO usage_records (${names}) VALUES (${values})`;
}

/**
 * Prepares {@link usageInsertSql}. Run it with a {@link UsageRow}; `changes` is 1 when inserted, 0
 * when skipped.
 */
export function prepareUsageInsert(db: Database.Database): Database.Statement<[UsageRow]> {
  return db.prepare<[UsageRow]>(usageInsertSql());
}

/** A count as a non-negative integer (NaN and infinities become 0). */
function count(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;
}

function optionalCount(value: number | undefined): number | null {
  return value === undefined ? null : count(value);
}

/** The row of a record handed over by the request handler (counts rounded to integers). */
export function usageRowOf(record: UsageRecord): UsageRow {
  return {
    request_id: record.requestId,
    started_at: Math.round(record.startedAt),
    inbound: record.inbound,
    inbound_key_id: record.inboundKeyId ?? null,
    requested_model: record.requestedModel,
    upstream: record.upstream ?? null,
    upstream_model: record.upstreamModel ?? null,
    credential_id: record.credentialId ?? null,
    fallback_from: record.fallbackFrom ?? null,
    attempts: count(record.attempts),
    stream: record.stream ? 1 : 0,
    status: Math.round(record.status),
    outcome: record.outcome,
    error_code: record.errorCode ?? null,
    input_tokens: count(record.usage.inputTokens),
    output_tokens: count(record.usage.outputTokens),
    cache_read_tokens: count(record.usage.cacheReadInputTokens),
    cache_creation_tokens: count(record.usage.cacheCreationInputTokens),
    reasoning_tokens: optionalCount(record.usage.reasoningTokens),
    first_byte_ms: optionalCount(record.firstByteMs),
    latency_ms: count(record.latencyMs),
  };
}

/** The row of an imported (already validated) JSON record; stored exactly as given. */
export function usageRowOfJson(record: UsageRecordJson): UsageRow {
  return {
    request_id: record.requestId,
    started_at: record.startedAt,
    inbound: record.inbound,
    inbound_key_id: record.inboundKeyId,
    requested_model: record.requestedModel,
    upstream: record.upstream,
    upstream_model: record.upstreamModel,
    credential_id: record.credentialId,
    fallback_from: record.fallbackFrom,
    attempts: record.attempts,
    stream: record.stream ? 1 : 0,
    status: record.status,
    outcome: record.outcome,
    error_code: record.errorCode,
    input_tokens: record.usage.inputTokens,
    output_tokens: record.usage.outputTokens,
    cache_read_tokens: record.usage.cacheReadInputTokens,
    cache_creation_tokens: record.usage.cacheCreationInputTokens,
    reasoning_tokens: record.usage.reasoningTokens,
    first_byte_ms: record.firstByteMs,
    latency_ms: record.latencyMs,
  };
}

/** The JSON record of a stored row (keys in {@link UsageRecord} order, NULL as null). */
export function usageJsonOfRow(row: UsageRow): UsageRecordJson {
  return {
    requestId: row.request_id,
    startedAt: row.started_at,
    inbound: row.inbound as WireFormat,
    inboundKeyId: row.inbound_key_id,
    requestedModel: row.requested_model,
    upstream: row.upstream,
    upstreamModel: row.upstream_model,
    credentialId: row.credential_id,
    fallbackFrom: row.fallback_from,
    attempts: row.attempts,
    stream: row.stream !== 0,
    status: row.status,
    outcome: row.outcome as UsageOutcome,
    errorCode: row.error_code,
    usage: {
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cacheReadInputTokens: row.cache_read_tokens,
      cacheCreationInputTokens: row.cache_creation_tokens,
      reasoningTokens: row.reasoning_tokens,
    },
    firstByteMs: row.first_byte_ms,
    latencyMs: row.latency_ms,
  };
}
