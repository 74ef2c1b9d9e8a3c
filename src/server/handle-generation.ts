import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IrWarning } from '../ir/warning.js';
import { rawPayloadLogFor } from '../observability/raw-payload-log.js';
import { RequestUsage } from '../observability/request-usage.js';
import {
  parseJsonObject,
  REQUEST_BODY_PARSER,
  validateRequestBody,
} from '../protocols/anthropic/parse-request-body.js';
import { anthropicMessagesRequestSchema } from '../protocols/anthropic/wire.js';
import type { InboundContext, Protocol } from '../protocols/protocol.js';
import { affinityKeyOf } from '../routing/affinity-key.js';
import { executeStages } from '../routing/execute-stages.js';
import { planLaterStages, primaryStage } from '../routing/plan-stages.js';
import { RequestCredentials } from '../routing/request-credentials.js';
import { resolveModel, resolveModelWithRules } from '../routing/resolve-model.js';
import { hasRouterRules } from '../routing/match-router-rule.js';
import { routeSignalsOfAnthropicBody, routeSignalsOfIr } from '../routing/route-signals.js';
import { getRouteTable } from '../routing/route-table.js';
import { CredentialsUnavailableError } from '../errors/credentials-unavailable-error.js';
import { UpstreamBusyError } from '../errors/upstream-busy-error.js';
import { attemptUpstream, type AcceptedAnswer, type AttemptContext } from './attempt-upstream.js';
import { admitRequest, type GatewayContext } from './gateway-context.js';
import { abortOnClientClose } from './relay/client-abort.js';
import { relayFastPath, type RelayOutcome } from './relay/relay-fast-path.js';
import { relayTranslated } from './relay/relay-translated.js';
import { queryOf } from './routes/route-helpers.js';

export type { AcceptedAnswer } from './attempt-upstream.js';

/**
 * The one generation handler, for every inbound format (DESIGN.md: one handler for all formats):
 * inbound auth → parse the body once → resolve the model (rules, aliases, tiers) → the attempt
 * stages (primary candidates, then preview models after a 429, then `fallbacks`), where each
 * attempt takes the same-format fast path or the hub → relay the answer. Every request, whatever
 * its end, is recorded exactly once in the usage log.
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
  const usage = new RequestUsage(context.usage, request.id, inbound.format);
  context.metrics?.requestStarted();
  const controller = abortOnClientClose(reply.raw);
  let accepted: AcceptedAnswer;
  try {
    accepted = await acceptAnswer(context, request, inbound, inboundContext, usage, controller.signal);
  } catch (error) {
    usage.fail(error, controller.signal.aborted);
    throw error;
  }

  const relayStartedMs = usage.elapsedMs();
  let outcome: RelayOutcome | undefined;
  try {
    outcome =
      accepted.kind === 'fast'
        ? await relayFastPath(accepted, request, reply, controller.signal)
        : await relayTranslated(accepted, inbound, request, reply, controller.signal);
  } finally {
    accepted.release();
    const firstByteMs =
      outcome !== undefined && outcome.firstByteMs >= 0 ? relayStartedMs + outcome.firstByteMs : undefined;
    usage.finish({
      status:
        outcome?.outcome === 'aborted' ? 499 : accepted.kind === 'fast' ? accepted.response.statusCode : 200,
      outcome: outcome === undefined ? 'failed' : outcome.outcome,
      usage: outcome?.usage,
      firstByteMs,
    });
  }
  // Per-request detail at debug level: the usage store and /metrics carry every request; the log
  // carries events (errors, retries, fallbacks, reloads). `debug: true` adds this line.
  if (!context.logger.isLevelEnabled('debug')) return;
  context.logger.debug(
    {
      requestId: request.id,
      inbound: inbound.format,
      model: usage.requestedModel,
      upstream: accepted.target.route.upstream.id,
      upstreamModel: accepted.target.model,
      fallbackFrom: accepted.fallbackFrom,
      path: accepted.kind,
      stream: accepted.stream,
      outcome: outcome.outcome,
      usage: outcome.usage,
      firstByteMs: Math.round(outcome.firstByteMs),
      latencyMs: Math.round(usage.elapsedMs()),
      ...warningsField([...accepted.warnings, ...(outcome.warnings ?? [])]),
    },
    'generation',
  );
}

/**
 * Everything before the first byte: auth, body, resolution and the attempt stages.
 * @throws GatewayError subclasses (answered by the route's error handler)
 */
async function acceptAnswer(
  context: GatewayContext,
  request: FastifyRequest,
  inbound: Protocol,
  inboundContext: InboundContext & { readonly queryKey?: string | undefined },
  usage: RequestUsage,
  signal: AbortSignal,
): Promise<AcceptedAnswer> {
  const { config, auth } = admitRequest(context, request.headers, inboundContext.queryKey);
  usage.inboundKeyId = auth.keyId;
  const rawBody = request.body as Buffer | undefined;
  const rawLog = rawPayloadLogFor(context.logger, config, request.id);
  rawLog?.payload('client-request', rawBody);
  const json = parseJsonObject(rawBody, `a ${inbound.format} request`, REQUEST_BODY_PARSER);
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
  usage.requestedModel = model;
  usage.stream = stream;
  const table = getRouteTable(config);
  // Rules are matched only when some are configured (nothing is inspected otherwise).
  const bytes = rawBody?.length ?? 0;
  const resolution = hasRouterRules(config.router)
    ? await resolveModelWithRules(
        table,
        model,
        auth.modelOverride,
        inbound.format === 'anthropic'
          ? routeSignalsOfAnthropicBody(json, bytes)
          : routeSignalsOfIr(decode().request, bytes),
      )
    : resolveModel(table, model, auth.modelOverride);
  let affinity: { key: string | undefined } | undefined;
  const credentials = new RequestCredentials({
    health: context.health,
    strategy: config.routing.strategy,
    affinityKey: () => (affinity ??= { key: affinityKeyOf(request.headers, json) }).key,
    requestedPrefix: model.includes('/') ? model.slice(0, model.indexOf('/')) : undefined,
    requestedModel: model,
    candidates: resolution.candidates,
  });
  const attemptContext: AttemptContext = {
    input: { inbound, json, rawBody, resolution, decode, config },
    credentials,
    usage,
    inboundHeaders: request.headers,
    search: queryOf(request.url),
    stream,
    signal,
    scrub: (text) => context.secrets?.scrub(text) ?? text,
    timeouts: config.timeouts,
    rawLog,
  };

  let lastCandidates = resolution.candidates;
  try {
    const { result, stage } = await executeStages<AcceptedAnswer>(
      primaryStage(resolution),
      () => planLaterStages(table, resolution),
      {
        retries: config.requestRetry,
        maxRetryIntervalMs: config.maxRetryIntervalMs,
        baseDelayMs: config.retryBaseDelayMs,
        signal,
        movesOn: (error) => error instanceof UpstreamBusyError,
        adjustDelayMs: (error, attempt, delayMs) => {
          // Every credential is cooling down: wait for the first to recover (the loop gives up when
          // that is longer than max-retry-interval).
          if (error instanceof CredentialsUnavailableError) return error.soonestRecoveryMs ?? delayMs;
          return credentials.rotatesCredential(attempt.target) ? 0 : delayMs;
        },
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
        onFallback: (error, from, to) => {
          lastCandidates = to.candidates;
          credentials.startStage(to.candidates);
          context.logger.warn(
            { requestId: request.id, from: from.reference, to: to.reference, status: error.status },
            to.kind === 'preview' ? 'switching to a preview model' : 'falling back to another model',
          );
        },
        run: (attempt, stage) => attemptUpstream(attemptContext, attempt.target, stage),
      },
    );
    if (stage.kind !== 'primary') usage.noteFallback();
    await credentials.finish(result.target.route.upstream.id);
    return result;
  } catch (error) {
    await credentials.finish(undefined);
    throw signal.aborted ? error : await credentials.explainFailure(error, lastCandidates);
  }
}

function warningsField(warnings: readonly IrWarning[]): { warnings?: string[] } {
  return warnings.length === 0
    ? {}
    : { warnings: warnings.map((warning) => `${warning.code}: ${warning.message}`) };
}
