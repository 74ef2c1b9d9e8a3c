import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidRequestError, RouteNotFoundError } from '../../errors/gateway-error.js';
import { countTextTokens } from '../../protocols/anthropic/count-tokens-locally.js';
import { parseJsonObject } from '../../protocols/anthropic/parse-request-body.js';
import { geminiProtocol } from '../../protocols/gemini/gemini-protocol.js';
import { listRoutableModels, type RoutableModel } from '../../routing/list-routable-models.js';
import { admitRequest, type GatewayContext } from '../gateway-context.js';
import { handleGeneration } from '../handle-generation.js';
import { createErrorHandler } from '../handle-error.js';

/** Query parameters Gemini clients send. */
interface GeminiQuery {
  readonly key?: string;
  readonly alt?: string;
}

/**
 * The Gemini API surface: `POST /v1beta/models/{model}:generateContent`,
 * `:streamGenerateContent` (SSE with `alt=sse`, a streamed JSON array without), `:countTokens`
 * (counted locally), also under `/v1`; `GET /v1beta/models` and `GET /v1beta/models/{model}`.
 * Inbound key by `x-goog-api-key` or `?key=`; errors in Google's envelope.
 * Source: Gemini API reference, "models" (generateContent, streamGenerateContent, countTokens, list, get).
 */
export function registerGeminiRoutes(app: FastifyInstance, context: GatewayContext): void {
  const errorHandler = createErrorHandler(
    context.logger,
    () => context.configHolder.current.bodyLimitBytes,
    (error, requestId) => geminiProtocol.encodeError(error, requestId),
  );
  for (const version of ['/v1beta', '/v1']) {
    app.post(`${version}/models/*`, { errorHandler }, async (request, reply) =>
      handleModelAction(context, request, reply),
    );
  }
  // GET /v1/models is the Anthropic/OpenAI model list; Gemini clients list under /v1beta.
  app.get('/v1beta/models', { errorHandler }, async (request, reply) => {
    const query = request.query as GeminiQuery;
    const { config } = admitRequest(context, request.headers, query.key);
    const models = await listRoutableModels(config, false);
    return reply.send({ models: models.map(toGeminiModel) });
  });
  app.get('/v1beta/models/*', { errorHandler }, async (request, reply) => {
    const query = request.query as GeminiQuery;
    const { config } = admitRequest(context, request.headers, query.key);
    const id = (request.params as { '*': string })['*'];
    const model = (await listRoutableModels(config, false)).find((entry) => entry.id === id);
    if (!model) throw new RouteNotFoundError('GET', `models/${id}`);
    return reply.send(toGeminiModel(model));
  });
}

async function handleModelAction(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const query = request.query as GeminiQuery;
  const target = (request.params as { '*': string })['*'];
  const colon = target.lastIndexOf(':');
  const model = colon > 0 ? decodeURIComponent(target.slice(0, colon)) : '';
  const action = colon > 0 ? target.slice(colon + 1) : '';
  if (model === '') throw new InvalidRequestError(`Expected models/{model}:{method}, got models/${target}.`);
  switch (action) {
    case 'generateContent':
      return handleGeneration(context, request, reply, geminiProtocol, {
        model,
        stream: false,
        queryKey: query.key,
      });
    case 'streamGenerateContent':
      return handleGeneration(context, request, reply, geminiProtocol, {
        model,
        stream: true,
        streamFraming: query.alt === 'sse' ? 'sse' : 'json-array',
        queryKey: query.key,
      });
    case 'countTokens': {
      admitRequest(context, request.headers, query.key);
      const body = parseJsonObject(request.body as Buffer | undefined, 'a countTokens request');
      const counted = body.generateContentRequest ?? body;
      const totalTokens = await countTextTokens(JSON.stringify(counted));
      await reply.header('x-switchboard-token-count', 'estimate').send({ totalTokens });
      return;
    }
    default:
      throw new RouteNotFoundError('POST', `models/${target}`);
  }
}

function toGeminiModel(model: RoutableModel): Record<string, unknown> {
  return {
    name: `models/${model.id}`,
    baseModelId: model.upstreamModel,
    version: model.upstreamId,
    displayName: model.displayName,
    supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
  };
}
