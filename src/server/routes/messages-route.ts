import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeUpstreamError } from '../../protocols/anthropic/decode-upstream-error.js';
import {
  anthropicEndpointUrl,
  buildAnthropicUpstreamHeaders,
} from '../../protocols/anthropic/build-upstream-request.js';
import { emptyTokenUsage, repairAnthropicUsage } from '../../protocols/anthropic/map-usage.js';
import { parseRequestBody } from '../../protocols/anthropic/parse-request-body.js';
import { anthropicMessagesRequestSchema } from '../../protocols/anthropic/wire.js';
import { executeAttempts } from '../../routing/execute.js';
import { resolveModel } from '../../routing/resolve-model.js';
import { getRouteTable, type RouteTarget } from '../../routing/route-table.js';
import { endpointOf, sendUpstreamRequest, type UpstreamHttpResponse } from '../../upstream/send-request.js';
import { admitRequest, type GatewayContext } from '../gateway-context.js';
import { abortOnClientClose } from '../relay/client-abort.js';
import { relayAnthropicStream } from '../relay/relay-anthropic-stream.js';
import { queryOf, responseHeadersFor } from './route-helpers.js';

interface AcceptedAttempt {
  readonly target: RouteTarget;
  readonly endpoint: string;
  readonly response: UpstreamHttpResponse;
}

/**
 * `POST /v1/messages` (also `?beta=true`, as Claude Code sends it): the Anthropic fast path.
 * The body is forwarded with only the model rewritten (byte for byte when the model is unchanged)
 * and the upstream's auth applied; the SSE stream is piped back event by event.
 * Source: Anthropic API reference, "Messages" and "Streaming Messages".
 */
export function registerMessagesRoute(app: FastifyInstance, context: GatewayContext): void {
  app.post('/v1/messages', async (request, reply) => handleMessages(context, request, reply));
}

async function handleMessages(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const started = performance.now();
  const { config, auth } = admitRequest(context, request.headers);
  const rawBody = request.body as Buffer | undefined;
  const body = parseRequestBody(rawBody, anthropicMessagesRequestSchema, 'a Messages request');
  const resolution = resolveModel(getRouteTable(config), body.model, auth.modelOverride);
  const search = queryOf(request.url);
  const controller = abortOnClientClose(reply.raw);

  const accepted = await executeAttempts<AcceptedAttempt>({
    candidates: resolution.candidates,
    retries: config.requestRetry,
    maxRetryIntervalMs: config.maxRetryIntervalMs,
    signal: controller.signal,
    onRetry: (error, attempt, delayMs) =>
      context.logger.warn(
        { requestId: request.id, upstream: attempt.target.route.upstream.id, status: error.status, delayMs },
        'retrying upstream call',
      ),
    run: async ({ target }) => {
      const upstream = target.route.upstream;
      const url = anthropicEndpointUrl(upstream.baseUrl, 'messages', search);
      const payload =
        target.model === body.model ? rawBody : JSON.stringify({ ...body, model: target.model });
      const response = await sendUpstreamRequest({
        upstreamId: upstream.id,
        url,
        method: 'POST',
        headers: buildAnthropicUpstreamHeaders(request.headers, upstream),
        body: payload,
        proxyUrl: upstream.proxyUrl,
        signal: controller.signal,
      });
      if (response.statusCode >= 400) {
        const text = await response.body.text();
        throw decodeUpstreamError({
          upstreamId: upstream.id,
          endpoint: endpointOf(url),
          status: response.statusCode,
          headers: response.headers,
          body: text,
        });
      }
      return { target, endpoint: endpointOf(url), response };
    },
  });

  const upstreamId = accepted.target.route.upstream.id;
  const headers = responseHeadersFor(request.id, accepted.target, accepted.response.headers);
  const contentType = String(accepted.response.headers['content-type'] ?? '');
  if (body.stream === true && contentType.includes('text/event-stream')) {
    reply.hijack();
    reply.raw.writeHead(accepted.response.statusCode, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const result = await relayAnthropicStream({
      upstreamId,
      endpoint: accepted.endpoint,
      body: accepted.response.body,
      response: reply.raw,
      signal: controller.signal,
      requestId: request.id,
    });
    context.logger.info(
      {
        requestId: request.id,
        model: body.model,
        upstream: upstreamId,
        upstreamModel: accepted.target.model,
        stream: true,
        outcome: result.outcome,
        usage: result.tally.usage,
        firstByteMs: Math.round(result.firstByteMs),
        latencyMs: Math.round(performance.now() - started),
      },
      'messages',
    );
    return;
  }

  const text = await accepted.response.body.text();
  const usage = emptyTokenUsage();
  const answer = repairJsonUsage(text, usage);
  context.logger.info(
    {
      requestId: request.id,
      model: body.model,
      upstream: upstreamId,
      upstreamModel: accepted.target.model,
      stream: false,
      usage,
      latencyMs: Math.round(performance.now() - started),
    },
    'messages',
  );
  await reply
    .code(accepted.response.statusCode)
    .headers({ ...headers, 'content-type': contentType || 'application/json' })
    .send(answer);
}

/** Reads usage from a JSON Messages response; re-serialises it only when usage needed repair. */
function repairJsonUsage(text: string, usage: ReturnType<typeof emptyTokenUsage>): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'message')
    return text;
  const message = json as Record<string, unknown>;
  const repaired = repairAnthropicUsage(message.usage, usage);
  if (!repaired.changed) return text;
  return JSON.stringify({ ...message, usage: repaired.usage });
}
