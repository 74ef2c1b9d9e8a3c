import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IrWarning } from '../ir/warning.js';
import { adaptAnthropicBody } from '../protocols/anthropic/adapt-anthropic-body.js';
import { decodeUpstreamError } from '../upstream/decode-upstream-error.js';
import { parseJsonObject, validateRequestBody } from '../protocols/anthropic/parse-request-body.js';
import { anthropicMessagesRequestSchema } from '../protocols/anthropic/wire.js';
import type { ClientExchange, InboundContext, Protocol, UpstreamExchange } from '../protocols/protocol.js';
import { protocolFor } from '../protocols/registry.js';
import { GatewayError } from '../errors/gateway-error.js';
import { adaptRequest } from '../routing/adapt-request.js';
import { affinityKeyOf } from '../routing/affinity-key.js';
import { RequestCredentials, withCredential } from '../routing/request-credentials.js';
import { executeAttempts } from '../routing/execute.js';
import { resolveModel, type ModelResolution } from '../routing/resolve-model.js';
import { getRouteTable, type RouteTarget } from '../routing/route-table.js';
import { signatureFamilyOf } from '../routing/signature-family.js';
import { outputLimitOf, thinkingAllowedFor } from '../routing/target-limits.js';
import { buildUpstreamCall } from '../upstream/build-upstream-call.js';
import { endpointOf, sendUpstreamRequest, type UpstreamHttpResponse } from '../upstream/send-request.js';
import { admitRequest, type GatewayContext } from './gateway-context.js';
import { abortOnClientClose } from './relay/client-abort.js';
import { relayFastPath } from './relay/relay-fast-path.js';
import { relayTranslated } from './relay/relay-translated.js';
import { queryOf } from './routes/route-helpers.js';

/** An upstream answer accepted by the attempt loop (status < 400, headers read, nothing sent yet). */
export type AcceptedAnswer =
  | {
      readonly kind: 'fast';
      readonly target: RouteTarget;
      readonly endpoint: string;
      readonly response: UpstreamHttpResponse;
      readonly stream: boolean;
      readonly warnings: readonly IrWarning[];
    }
  | {
      readonly kind: 'translated';
      readonly target: RouteTarget;
      readonly endpoint: string;
      readonly response: UpstreamHttpResponse;
      readonly stream: boolean;
      readonly upstreamProtocol: Protocol;
      readonly exchange: UpstreamExchange;
      readonly client: ClientExchange;
      readonly warnings: readonly IrWarning[];
    };

/**
 * The one generation handler, for every inbound format (DESIGN.md: one handler for all formats):
 * inbound auth → parse the body once → resolve the model → the attempt loop, where each attempt
 * takes the same-format fast path (Anthropic client → Anthropic-format upstream: the client's
 * body adapted in place) or the hub (inbound decode → IR → adapt → upstream encode) → relay the
 * answer (piped event by event, or decoded → IR → encoded for the client).
 * @param inbound the client's wire format
 * @param inboundContext what the route read from the URL (Gemini: model, stream, framing, `?key=`)
 * @throws GatewayError subclasses before anything is sent (answered by the route's error handler)
 */
export async function handleGeneration(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
  inbound: Protocol,
  inboundContext: InboundContext & { readonly queryKey?: string | undefined } = {},
): Promise<void> {
  const started = performance.now();
  const { config, auth } = admitRequest(context, request.headers, inboundContext.queryKey);
  const rawBody = request.body as Buffer | undefined;
  const json = parseJsonObject(rawBody, `a ${inbound.format} request`);
  let decoded: ReturnType<Protocol['decodeRequest']> | undefined;
  const decode = (): ReturnType<Protocol['decodeRequest']> =>
    (decoded ??= inbound.decodeRequest(json, inboundContext));

  let model: string;
  let stream: boolean;
  if (inbound.format === 'anthropic') {
    const body = validateRequestBody(json, anthropicMessagesRequestSchema, 'a Messages request');
    model = body.model;
    stream = body.stream === true;
  } else {
    ({ model, stream } = decode().request);
  }
  const resolution = resolveModel(getRouteTable(config), model, auth.modelOverride);
  const search = queryOf(request.url);
  const controller = abortOnClientClose(reply.raw);
  const credentials = new RequestCredentials({
    health: context.health,
    strategy: config.routing.strategy,
    affinityKey: affinityKeyOf(request.headers, json),
    requestedPrefix: model.includes('/') ? model.slice(0, model.indexOf('/')) : undefined,
    requestedModel: model,
    candidates: resolution.candidates,
  });

  let accepted: AcceptedAnswer;
  try {
    accepted = await executeAttempts<AcceptedAnswer>({
      candidates: resolution.candidates,
      retries: config.requestRetry,
      maxRetryIntervalMs: config.maxRetryIntervalMs,
      signal: controller.signal,
      adjustDelayMs: (_error, attempt, delayMs) =>
        credentials.rotatesCredential(attempt.target) ? 0 : delayMs,
      onRetry: (error, attempt, delayMs) =>
        context.logger.warn(
          {
            requestId: request.id,
            upstream: attempt.target.route.upstream.id,
            status: error.status,
            delayMs,
          },
          'retrying upstream call',
        ),
      run: async ({ target }) => {
        const credential = await credentials.pick(target);
        const upstream = withCredential(target.route.upstream, credential);
        const call = buildUpstreamCall(upstream, {
          model: target.model,
          stream,
          inbound: request.headers,
          search,
        });
        const family = signatureFamilyOf(upstream);
        const attempt = prepareAttempt(
          inbound,
          upstream.format,
          json,
          rawBody,
          target,
          resolution,
          family,
          decode,
          config,
        );
        const response = await sendUpstreamRequest({
          upstreamId: upstream.id,
          url: call.url,
          method: 'POST',
          headers: call.headers,
          body: attempt.payload,
          proxyUrl: upstream.proxyUrl,
          signal: controller.signal,
        }).catch(async (error: unknown) => {
          if (error instanceof GatewayError && !controller.signal.aborted) {
            await credentials.failed(target, credential, {
              networkError: error.code === 'upstream_network',
              timeout: error.code === 'upstream_timeout',
              headers: {},
            });
          }
          throw error;
        });
        const endpoint = endpointOf(call.url);
        if (response.statusCode >= 400) {
          const text = await response.body.text();
          await credentials.failed(target, credential, {
            status: response.statusCode,
            headers: response.headers,
            body: text,
          });
          throw decodeUpstreamError({
            upstreamId: upstream.id,
            endpoint,
            status: response.statusCode,
            headers: response.headers,
            body: text,
            retryOnAnotherCredential: credentials.rotatesCredential(target),
          });
        }
        await credentials.succeeded(target, credential, response.headers);
        return attempt.kind === 'fast'
          ? { kind: 'fast', target, endpoint, response, stream, warnings: attempt.warnings }
          : { ...attempt, target, endpoint, response, stream };
      },
    });
  } catch (error) {
    await credentials.finish(false);
    throw error;
  }

  const outcome =
    accepted.kind === 'fast'
      ? await relayFastPath(accepted, request, reply, controller.signal)
      : await relayTranslated(accepted, inbound, request, reply, controller.signal);
  context.logger.info(
    {
      requestId: request.id,
      inbound: inbound.format,
      model,
      upstream: accepted.target.route.upstream.id,
      upstreamModel: accepted.target.model,
      path: accepted.kind,
      stream,
      outcome: outcome.outcome,
      usage: outcome.usage,
      firstByteMs: Math.round(outcome.firstByteMs),
      latencyMs: Math.round(performance.now() - started),
      ...warningsField([...accepted.warnings, ...(outcome.warnings ?? [])]),
    },
    'generation',
  );
}

type PreparedAttempt =
  | {
      readonly kind: 'fast';
      readonly payload: Buffer | string | undefined;
      readonly warnings: readonly IrWarning[];
    }
  | {
      readonly kind: 'translated';
      readonly payload: string;
      readonly upstreamProtocol: Protocol;
      readonly exchange: UpstreamExchange;
      readonly client: ClientExchange;
      readonly warnings: readonly IrWarning[];
    };

function prepareAttempt(
  inbound: Protocol,
  upstreamFormat: Protocol['format'],
  json: Record<string, unknown>,
  rawBody: Buffer | undefined,
  target: RouteTarget,
  resolution: ModelResolution,
  family: string,
  decode: () => ReturnType<Protocol['decodeRequest']>,
  config: Parameters<typeof adaptRequest>[1]['config'],
): PreparedAttempt {
  const upstream = target.route.upstream;
  if (inbound.format === 'anthropic' && upstreamFormat === 'anthropic') {
    const adaptation = adaptAnthropicBody(json, {
      model: target.model,
      family,
      maxOutputTokens: outputLimitOf(upstream, target.model),
      toolSearch: family === 'anthropic',
      thinkingAllowed: thinkingAllowedFor(config, resolution.tier),
    });
    return {
      kind: 'fast',
      payload: adaptation.changed ? JSON.stringify(adaptation.body) : rawBody,
      warnings: adaptation.warnings,
    };
  }
  const decoded = decode();
  const adapted = adaptRequest(decoded.request, {
    upstream,
    model: target.model,
    tier: resolution.tier,
    config,
  });
  const upstreamProtocol = protocolFor(upstreamFormat);
  const encoded = upstreamProtocol.encodeRequest(adapted.request, {
    providerId: family,
    model: target.model,
    replayReasoning: upstream.replayReasoning,
    maxToolNameLength: upstream.maxToolNameLength,
  });
  return {
    kind: 'translated',
    payload: JSON.stringify(encoded.body),
    upstreamProtocol,
    exchange: encoded.exchange,
    client: decoded.client,
    warnings: [...decoded.warnings, ...adapted.warnings, ...encoded.warnings],
  };
}

function warningsField(warnings: readonly IrWarning[]): { warnings?: string[] } {
  return warnings.length === 0
    ? {}
    : { warnings: warnings.map((warning) => `${warning.code}: ${warning.message}`) };
}
