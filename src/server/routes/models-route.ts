import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import { listRoutableModels, type RoutableModel } from '../../routing/list-routable-models.js';
import { admitRequest, type GatewayContext } from '../gateway-context.js';

const anthropicListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  after_id: z.string().optional(),
  before_id: z.string().optional(),
});

/** Default page size of Anthropic's list (reference "List Models": `limit` defaults to 20). */
const DEFAULT_PAGE_SIZE = 20;

/**
 * `GET /v1/models`: Anthropic's list shape (`data[]` of `{type:"model", id, display_name,
 * created_at}`, `has_more`, `first_id`, `last_id`; `limit`, `after_id`, `before_id`) when the
 * request carries `anthropic-version`, OpenAI's (`{object:"list", data[]}` of `{id,
 * object:"model", created, owned_by}`) otherwise.
 * Source: Anthropic API reference "List Models"; OpenAI API reference "Models: list".
 */
export function registerModelsRoute(app: FastifyInstance, context: GatewayContext): void {
  app.get('/v1/models', async (request, reply) => {
    const { config } = admitRequest(context, request.headers);
    const isAnthropic = request.headers['anthropic-version'] !== undefined;
    const models = await listRoutableModels(config, isAnthropic);
    if (!isAnthropic) {
      const limit = anthropicListQuerySchema.safeParse(request.query).data?.limit;
      const page = limit === undefined ? models : models.slice(0, limit);
      return reply.send({ object: 'list', data: page.map(toOpenAIModel) });
    }
    const query = anthropicListQuerySchema.safeParse(request.query);
    if (!query.success) {
      const issue = query.error.issues[0];
      throw new InvalidRequestError(`${issue?.path.join('.') ?? 'query'}: ${issue?.message ?? 'invalid'}`);
    }
    return reply.send(anthropicPage(models, query.data));
  });
}

function anthropicPage(
  models: RoutableModel[],
  query: z.infer<typeof anthropicListQuerySchema>,
): Record<string, unknown> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  let start = 0;
  let end = models.length;
  if (query.after_id !== undefined) start = models.findIndex((model) => model.id === query.after_id) + 1;
  if (query.before_id !== undefined) {
    const before = models.findIndex((model) => model.id === query.before_id);
    end = before === -1 ? models.length : before;
    start = Math.max(start, end - limit);
  }
  const page = models.slice(start, Math.min(end, start + limit));
  const hasMore = query.before_id !== undefined ? start > 0 : start + page.length < end;
  return {
    data: page.map((model) => ({
      type: 'model',
      id: model.id,
      display_name: model.displayName,
      created_at: model.createdAt,
    })),
    has_more: hasMore,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  };
}

function toOpenAIModel(model: RoutableModel): Record<string, unknown> {
  return {
    id: model.id,
    object: 'model',
    created: Math.floor(Date.parse(model.createdAt) / 1000),
    owned_by: model.upstreamId,
  };
}
