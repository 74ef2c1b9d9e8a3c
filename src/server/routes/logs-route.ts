import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { RecentLogLines } from '../../observability/recent-log-lines.js';

/** Lines answered by `GET /v0/management/logs` without a `limit`. */
export const DEFAULT_LOGS_LIMIT = 200;

const logsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).optional() }).strict();

/**
 * `GET /logs?limit=N`, registered inside the `/v0/management` scope (whose hook authenticates;
 * this route does not): the latest `N` log lines (default {@link DEFAULT_LOGS_LIMIT}, at most the
 * ring's capacity), oldest first, as `{ "lines": [...] }` — each line parsed to its JSON object, or
 * kept as a string when it is not JSON. Lines were scrubbed of configured secrets by the logger
 * before they were kept. 400 (`InvalidRequestError`) for a `limit` that is not an integer ≥ 1 or
 * an unknown query parameter.
 */
export function registerLogsRoute(
  scope: FastifyInstance,
  options: { readonly recent: RecentLogLines },
): void {
  scope.get('/logs', async (request, reply) => {
    const parsed = logsQuerySchema.safeParse(request.query ?? {});
    if (!parsed.success) {
      throw new InvalidRequestError('Expected `limit` to be an integer ≥ 1 and no other query parameter.');
    }
    const limit = Math.min(parsed.data.limit ?? DEFAULT_LOGS_LIMIT, options.recent.capacity);
    return reply.send({ lines: options.recent.lines(limit).map(parseLine) });
  });
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return line;
  }
}
