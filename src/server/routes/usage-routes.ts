import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GatewayError, InvalidRequestError } from '../../errors/gateway-error.js';
import { parseUsageDimensions, parseUsageTime } from '../../observability/parse-usage-query.js';
import { exportUsage, importUsage } from '../../observability/usage-export.js';
import {
  usageAggregates,
  usageTotals,
  type UsageBucket,
  type UsageDimension,
  type UsageRange,
} from '../../observability/usage-query.js';
import type { UsageDatabase } from '../../store/sqlite/usage-database.js';

/** What the usage routes need. */
export interface UsageRoutesContext {
  /** The open usage database; undefined when `usage-statistics-enabled` is false (routes answer 404). */
  readonly usageDatabase: () => UsageDatabase | undefined;
  /**
   * Writes records still buffered (the writer's `flush`), so reads include every finished request;
   * reads wait for it.
   */
  readonly flushPending?: (() => Promise<unknown> | void) | undefined;
}

const rangeQuerySchema = z.strictObject({
  since: z.string().optional(),
  until: z.string().optional(),
});

const usageQuerySchema = rangeQuerySchema.extend({
  bucket: z.enum(['hour', 'day', 'none']).optional(),
  by: z.string().optional(),
});

/** Default bucket of `GET /usage`. */
const DEFAULT_BUCKET: UsageBucket = 'day';
/** Default dimensions of `GET /usage`. */
const DEFAULT_DIMENSIONS: readonly UsageDimension[] = ['model'];

/**
 * Usage routes (issue 6), relative to the management prefix (`/v0/management`, whose scope does
 * the auth); times in ms since the epoch or ISO 8601 (`since` inclusive, `until` exclusive):
 * - `GET /usage?since&until&bucket=hour|day|none&by=model,upstream-model,upstream,key` →
 *   `{ totals, aggregates }` (`usageTotals`, `usageAggregates`; default bucket `day`, by `model`);
 * - `GET /usage/export?since&until` → `{ version: 1, exported_at, records }`;
 * - `POST /usage/import` with an export document → `{ imported, skipped }` (records whose
 *   request id is stored already are skipped).
 * Errors (thrown as `GatewayError`s for the scope's error handler): 400 for a bad query or
 * document, 404 `not_found` when `usage-statistics-enabled` is false (seed 002).
 */
export function registerUsageRoutes(scope: FastifyInstance, context: UsageRoutesContext): void {
  scope.get('/usage', async (request) => {
    const query = parseQuery(usageQuerySchema, request.query);
    const range = rangeOf(query);
    const by = dimensionsOf(query.by);
    const database = await openDatabase(context);
    return {
      totals: usageTotals(database, range),
      aggregates: usageAggregates(database, { ...range, bucket: query.bucket ?? DEFAULT_BUCKET, by }),
    };
  });

  scope.get('/usage/export', async (request) => {
    const range = rangeOf(parseQuery(rangeQuerySchema, request.query));
    return exportUsage(await openDatabase(context), range);
  });

  scope.post('/usage/import', async (request) => {
    const database = await openDatabase(context);
    return importUsage(database, parseJsonBody(request.body));
  });
}

/** The database after writing pending records. @throws GatewayError 404 when usage statistics are off */
async function openDatabase(context: UsageRoutesContext): Promise<UsageDatabase> {
  const database = context.usageDatabase();
  if (database === undefined) {
    throw new GatewayError(
      'not_found',
      404,
      'Usage statistics are not recorded: usage-statistics-enabled is false in the config.',
    );
  }
  await context.flushPending?.();
  return database;
}

/** @throws InvalidRequestError (400) naming the offending parameter */
function parseQuery<Schema extends z.ZodType>(schema: Schema, query: unknown): z.infer<Schema> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue === undefined || issue.path.length === 0 ? 'query' : issue.path.map(String).join('.');
  throw new InvalidRequestError(`Invalid query parameter ${name}: ${issue?.message ?? 'not accepted'}.`);
}

/** @throws InvalidRequestError (400) for a bound that is neither ms nor ISO 8601, or since ≥ until */
function rangeOf(query: { since?: string | undefined; until?: string | undefined }): UsageRange {
  const since = boundOf('since', query.since);
  const until = boundOf('until', query.until);
  if (since !== undefined && until !== undefined && since >= until) {
    throw new InvalidRequestError('Query parameter since must be earlier than until.');
  }
  return { since, until };
}

function boundOf(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const ms = parseUsageTime(text);
  if (ms === undefined) {
    throw new InvalidRequestError(
      `Query parameter ${name} must be ms since the epoch or an ISO 8601 date-time; got '${text}'.`,
    );
  }
  return ms;
}

/** @throws InvalidRequestError (400) for an unknown dimension */
function dimensionsOf(text: string | undefined): UsageDimension[] {
  if (text === undefined) return [...DEFAULT_DIMENSIONS];
  const parsed = parseUsageDimensions(text);
  if (!Array.isArray(parsed)) {
    throw new InvalidRequestError(
      `Query parameter by: unknown dimension '${parsed.unknown}' (expected model, upstream-model, upstream, key).`,
    );
  }
  return parsed;
}

/** @throws InvalidRequestError (400) when the body is empty or not JSON */
function parseJsonBody(body: unknown): unknown {
  const bytes = Buffer.isBuffer(body) || typeof body === 'string' ? body : undefined;
  if (bytes === undefined || bytes.length === 0) {
    throw new InvalidRequestError('Request body is empty; expected a usage export document as JSON.');
  }
  try {
    return JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InvalidRequestError(`Request body is not valid JSON: ${detail}`);
  }
}
