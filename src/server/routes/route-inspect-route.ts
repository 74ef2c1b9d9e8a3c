import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import { openAIChatProtocol } from '../../protocols/openai-chat/openai-chat-protocol.js';
import type { CredentialHealth } from '../../routing/credential-health.js';
import { servingPrefix } from '../../routing/credential-pool.js';
import { previewCandidatesOf, resolveFallbacks } from '../../routing/resolve-fallbacks.js';
import { resolveModelWithRules } from '../../routing/resolve-model.js';
import { routeSignalsOf } from '../../routing/route-signals.js';
import { getRouteTable, type RouteTarget } from '../../routing/route-table.js';
import { admitRequest, type GatewayContext } from '../gateway-context.js';
import { createErrorHandler } from '../handle-error.js';

/** `true`/`1` or `false`/`0`, as query flags are written. */
const queryFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const routeQuerySchema = z
  .object({
    model: z.string().min(1),
    thinking: queryFlag.optional(),
    'web-search': queryFlag.optional(),
    tokens: z.coerce.number().int().min(0).optional(),
  })
  .strict();

/** One credential of a candidate, as the debug route shows it: never the key, only its id. */
interface InspectedCredential {
  readonly id: string;
  readonly priority: number;
  readonly weight: number;
  readonly prefix: string | null;
  /** Whether prefix gating lets this credential serve the request (`servingPrefix`). */
  readonly eligible: boolean;
  readonly availability: 'available' | 'cooling' | 'blocked' | 'model-unavailable' | 'upstream-cooling';
  /** When the credential is available again (ISO 8601), unless it is available now. */
  readonly until?: string;
}

/** One candidate target with its pool's state at the time of the request. */
interface InspectedCandidate {
  readonly upstream: string;
  readonly model: string;
  readonly format: string;
  /** When the upstream's own cooldown ends (ISO 8601): also the only sign of it for keyless upstreams. */
  readonly upstream_cooling_until?: string;
  readonly credentials: readonly InspectedCredential[];
}

/**
 * `GET /v0/route?model=…[&thinking=true][&web-search=true][&tokens=N]`: where a request for `model`
 * would go, without sending anything upstream. The query flags stand in for the request's signals
 * (thinking, a web-search tool, `N` estimated input tokens), so the `router:` rules can be tried;
 * an inbound token `KEY:upstream/model` overrides as it does for generation requests. Answers
 * `{ model, step, tier, rule, rule_reference, skipped_rule, candidates, fallback_key, fallbacks:
 * [{ reference, candidates }], unresolved_fallbacks, preview_models }`, each candidate
 * `{ upstream, model, format, upstream_cooling_until?, credentials: [{ id, priority, weight, prefix,
 * eligible, availability, until? }] }` (`until` ISO 8601); `preview_models` only when
 * `quota-exceeded.switch-preview-model` is on. Never a key, only credential ids.
 * Errors in OpenAI's envelope: 400 (missing `model`, unknown or malformed parameter), 401 (inbound
 * auth as generation routes), 404 (the model resolves nowhere).
 */
export function registerRouteInspectRoute(app: FastifyInstance, context: GatewayContext): void {
  const errorHandler = createErrorHandler(
    context.logger,
    () => context.configHolder.current.bodyLimitBytes,
    (error, requestId) => openAIChatProtocol.encodeError(error, requestId),
  );
  app.get('/v0/route', { errorHandler }, async (request, reply) => {
    const { config, auth } = admitRequest(context, request.headers);
    const query = parseRouteQuery(request.query);
    const table = getRouteTable(config);
    const signals = routeSignalsOf({
      thinking: query.thinking ?? false,
      webSearch: query['web-search'] ?? false,
      inputTokens: query.tokens ?? 0,
    });
    const resolution = await resolveModelWithRules(table, query.model, auth.modelOverride, signals);
    const plan = resolveFallbacks(table, resolution);
    const previews = config.quotaExceeded.switchPreviewModel
      ? previewCandidatesOf(resolution.candidates)
      : [];

    const now = Date.now();
    const upstreamCooling = new Map(
      (await context.health.snapshot(now)).upstreams.map((record) => [
        record.upstreamId,
        record.cooldownUntil,
      ]),
    );
    const slash = query.model.indexOf('/');
    const inspector: TargetInspector = {
      health: context.health,
      now,
      requestedPrefix: slash > 0 ? query.model.slice(0, slash) : undefined,
      upstreamCooling,
    };
    const inspectAll = (targets: readonly RouteTarget[]) =>
      Promise.all(targets.map((target) => inspectTarget(target, inspector)));
    return reply.send({
      model: query.model,
      step: resolution.step,
      tier: resolution.tier ?? null,
      rule: resolution.rule?.rule ?? null,
      rule_reference: resolution.rule?.reference ?? null,
      skipped_rule: resolution.skippedRule ?? null,
      candidates: await inspectAll(resolution.candidates),
      fallback_key: plan.key ?? null,
      fallbacks: await Promise.all(
        plan.stages.map(async (stage) => ({
          reference: stage.reference,
          candidates: await inspectAll(stage.candidates),
        })),
      ),
      unresolved_fallbacks: plan.unresolved,
      preview_models: await inspectAll(previews),
    });
  });
}

/** What inspecting a target needs beyond the target. */
interface TargetInspector {
  readonly health: CredentialHealth;
  /** ms since epoch */
  readonly now: number;
  readonly requestedPrefix: string | undefined;
  /** Upstream id → end of its cooldown, ms since epoch. */
  readonly upstreamCooling: ReadonlyMap<string, number>;
}

async function inspectTarget(target: RouteTarget, inspector: TargetInspector): Promise<InspectedCandidate> {
  const upstream = target.route.upstream;
  const eligible = new Set(
    servingPrefix(upstream.credentials, inspector.requestedPrefix).map((credential) => credential.id),
  );
  const states = await inspector.health.inspect(
    upstream.credentials,
    upstream.id,
    target.model,
    inspector.now,
  );
  const coolingUntil = inspector.upstreamCooling.get(upstream.id);
  return {
    upstream: upstream.id,
    model: target.model,
    format: upstream.format,
    ...(coolingUntil === undefined ? {} : { upstream_cooling_until: new Date(coolingUntil).toISOString() }),
    credentials: states.map(({ credential, availability }) => ({
      id: credential.id,
      priority: credential.priority,
      weight: credential.weight,
      prefix: credential.prefix ?? null,
      eligible: eligible.has(credential.id),
      ...(availability.available
        ? { availability: 'available' as const }
        : { availability: availability.kind, until: new Date(availability.untilMs).toISOString() }),
    })),
  };
}

/** @throws InvalidRequestError naming the first offending query parameter */
function parseRouteQuery(query: unknown): z.infer<typeof routeQuerySchema> {
  const parsed = routeQuerySchema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new InvalidRequestError(
      `Unknown query parameter(s) ${issue.keys.join(', ')}; GET /v0/route takes model, thinking, web-search and tokens.`,
    );
  }
  const name = issue?.path.map(String).join('.') || 'query';
  if (name === 'model' && issue?.code === 'invalid_type') {
    throw new InvalidRequestError('The query parameter model is required: GET /v0/route?model=<model>.');
  }
  throw new InvalidRequestError(`Query parameter ${name}: ${issue?.message ?? 'invalid value'}.`);
}
