import { z } from 'zod';
import { InvalidRequestError } from '../errors/gateway-error.js';
import type { UsageDatabase } from '../store/sqlite/usage-database.js';
import {
  prepareUsageInsert,
  usageJsonOfRow,
  usageRowOfJson,
  type UsageRecordJson,
  type UsageRow,
} from '../store/sqlite/usage-row.js';
import { usageRangeFilter, type UsageRange } from './usage-query.js';

/** Version of the export document; import accepts only this one. */
export const USAGE_EXPORT_VERSION = 1;

/** Most validation problems named in one import error. */
const MAX_REPORTED_ISSUES = 5;

/**
 * A usage export (issue 6, `GET /usage/export`): every record of a range, oldest first (by
 * `startedAt`, then `requestId`). Importing it into an empty database and exporting again gives
 * an identical `records` array.
 */
export interface UsageExport {
  readonly version: typeof USAGE_EXPORT_VERSION;
  /** When the export was made (ISO 8601, UTC). */
  readonly exported_at: string;
  readonly records: UsageRecordJson[];
}

/** What {@link importUsage} did: records inserted, and records skipped because their `requestId` was stored already. */
export interface UsageImportResult {
  readonly imported: number;
  readonly skipped: number;
}

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const text = z.string();

const usageRecordSchema = z.strictObject({
  requestId: z.string().min(1),
  startedAt: count,
  inbound: z.enum(['anthropic', 'openai-chat', 'openai-responses', 'gemini']),
  inboundKeyId: text.nullable(),
  requestedModel: text,
  upstream: text.nullable(),
  upstreamModel: text.nullable(),
  credentialId: text.nullable(),
  fallbackFrom: text.nullable(),
  attempts: count,
  stream: z.boolean(),
  status: z.number().int().min(100).max(999),
  outcome: z.enum(['complete', 'rejected', 'failed', 'aborted']),
  errorCode: text.nullable(),
  usage: z.strictObject({
    inputTokens: count,
    outputTokens: count,
    cacheReadInputTokens: count,
    cacheCreationInputTokens: count,
    reasoningTokens: count.nullable(),
  }),
  firstByteMs: count.nullable(),
  latencyMs: count,
});

const usageExportSchema = z.strictObject({
  version: z.literal(USAGE_EXPORT_VERSION),
  exported_at: z.string(),
  records: z.array(usageRecordSchema),
});

/**
 * Exports the records of a range (all by default) as JSON-ready objects, `null` for absent fields.
 * @param now the export time (ms; default `Date.now()`)
 */
export function exportUsage(database: UsageDatabase, range: UsageRange = {}, now = Date.now()): UsageExport {
  const { where, params } = usageRangeFilter(range);
  const rows = database.db
    .prepare<[Record<string, number>], UsageRow>(
      `SELECT * FROM usage_records ${where} ORDER BY started_at, request_id`,
    )
    .all(params);
  return {
    version: USAGE_EXPORT_VERSION,
    exported_at: new Date(now).toISOString(),
    records: rows.map(usageJsonOfRow),
  };
}

/**
 * Validates an export document (strictly: unknown keys, wrong types, non-integer counts and a
 * version other than 1 are refused) and inserts its records in one transaction, skipping those
 * whose `requestId` is stored already (`INSERT OR IGNORE`).
 * @param document the parsed JSON
 * @throws InvalidRequestError (400) naming up to five offending fields (`records.3.status: …`);
 *   nothing is inserted then
 */
export function importUsage(database: UsageDatabase, document: unknown): UsageImportResult {
  const parsed = usageExportSchema.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
      const where = issue.path.length === 0 ? '(document)' : issue.path.map(String).join('.');
      return `${where}: ${issue.message}`;
    });
    const more = parsed.error.issues.length - issues.length;
    const suffix = more > 0 ? `; and ${more} more` : '';
    throw new InvalidRequestError(
      `Not a usage export (version ${USAGE_EXPORT_VERSION}): ${issues.join('; ')}${suffix}`,
    );
  }
  const insert = prepareUsageInsert(database.db);
  let imported = 0;
  database.db.transaction((records: readonly UsageRecordJson[]) => {
    for (const record of records) imported += insert.run(usageRowOfJson(record)).changes;
  })(parsed.data.records);
  return { imported, skipped: parsed.data.records.length - imported };
}
