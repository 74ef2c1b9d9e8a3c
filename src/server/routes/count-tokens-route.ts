import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { HttpTimeouts, UpstreamConfig } from '../../config/switchboard-config.js';
import { countTokensLocally } from '../../protocols/anthropic/count-tokens-locally.js';
import {
  anthropicEndpointUrl,
  buildAnthropicUpstreamHeaders,
} from '../../protocols/anthropic/build-upstream-request.js';
import { parseRequestBody, REQUEST_BODY_PARSER } from '../../protocols/anthropic/parse-request-body.js';
import { anthropicCountTokensRequestSchema } from '../../protocols/anthropic/wire.js';
import { resolveModel, resolveModelWithRules } from '../../routing/resolve-model.js';
import { hasRouterRules } from '../../routing/match-router-rule.js';
import { routeSignalsOfAnthropicBody } from '../../routing/route-signals.js';
import { getRouteTable } from '../../routing/route-table.js';
import { sendUpstreamRequest } from '../../upstream/send-request.js';
import { admitRequest, type GatewayContext } from '../gateway-context.js';
import { queryOf } from './route-helpers.js';

/** Header telling the client where the count came from: `upstream`, `cached` or `estimate`. */
export const TOKEN_COUNT_SOURCE_HEADER = 'x-switchboard-token-count';

/** count_tokens calls in flight to one upstream before further ones are counted locally. */
const MAX_IN_FLIGHT_PER_UPSTREAM = 4;
/** count_tokens calls sent to one upstream per window; the rest of a burst is counted locally. */
const MAX_CALLS_PER_WINDOW = 4;
const WINDOW_MS = 1_000;
/** Cached upstream counts: entries, and lifetime in ms. */
const CACHE_ENTRIES = 2000;
const CACHE_TTL_MS = 10 * 60_000;

/**
 * `POST /v1/messages/count_tokens`. Claude Code's `/context` and its IDE extensions fire bursts
 * of these, so a burst must not spend the upstream's rate limit: an upstream that implements the
 * endpoint is asked at most 4 times per second and 4 at a time, identical bodies are answered from
 * a 10-minute cache and share one call in flight; everything else (upstream without the endpoint,
 * over those caps, any upstream failure, a call past the config's `timeouts`) is counted locally and
 * labelled an estimate.
 * Source: Anthropic API reference, "Count tokens in a message".
 */
export function registerCountTokensRoute(app: FastifyInstance, context: GatewayContext): void {
  const counter = new TokenCounter();
  app.post('/v1/messages/count_tokens', async (request, reply) => counter.handle(context, request, reply));
}

class TokenCounter {
  private readonly cache = new LRUCache<string, number>({ max: CACHE_ENTRIES, ttl: CACHE_TTL_MS });
  private readonly inFlight = new Map<string, Promise<number | undefined>>();
  private readonly perUpstream = new Map<string, number>();
  private readonly windows = new Map<string, { start: number; calls: number }>();

  async handle(context: GatewayContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { config, auth } = admitRequest(context, request.headers);
    const rawBody = request.body as Buffer | undefined;
    const body = parseRequestBody(
      rawBody,
      anthropicCountTokensRequestSchema,
      'a count_tokens request',
      REQUEST_BODY_PARSER,
    );
    const table = getRouteTable(config);
    // The same rules as generation, so the count goes where the request itself would.
    const resolution = hasRouterRules(config.router)
      ? await resolveModelWithRules(
          table,
          body.model,
          auth.modelOverride,
          routeSignalsOfAnthropicBody(body as unknown as Record<string, unknown>, rawBody?.length ?? 0),
        )
      : resolveModel(table, body.model, auth.modelOverride);
    const target = resolution.candidates[0];
    let source = 'estimate';
    let tokens: number | undefined;
    if (target && target.route.upstream.countTokens) {
      const upstream = target.route.upstream;
      const key = `${upstream.id}\u0000${target.model}\u0000${createHash('sha256')
        .update(rawBody ?? '')
        .digest('hex')}`;
      tokens = this.cache.get(key);
      if (tokens !== undefined) source = 'cached';
      else if (this.inFlight.has(key) || this.admitCall(upstream.id)) {
        const payload =
          target.model === body.model ? rawBody : JSON.stringify({ ...body, model: target.model });
        tokens = await this.askUpstream(key, upstream, config.timeouts, () => ({
          url: anthropicEndpointUrl(upstream.baseUrl, 'messages/count_tokens', queryOf(request.url)),
          headers: buildAnthropicUpstreamHeaders(request.headers, upstream),
          payload,
        }));
        if (tokens !== undefined) source = 'upstream';
      }
    }
    if (tokens === undefined) tokens = await countTokensLocally(body);
    await reply.header(TOKEN_COUNT_SOURCE_HEADER, source).send({ input_tokens: tokens });
  }

  /** Whether one more upstream call fits the in-flight cap and the per-window budget (and takes it). */
  private admitCall(upstreamId: string): boolean {
    if ((this.perUpstream.get(upstreamId) ?? 0) >= MAX_IN_FLIGHT_PER_UPSTREAM) return false;
    const now = Date.now();
    let window = this.windows.get(upstreamId);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, calls: 0 };
      this.windows.set(upstreamId, window);
    }
    if (window.calls >= MAX_CALLS_PER_WINDOW) return false;
    window.calls += 1;
    return true;
  }

  /** One upstream count (shared by identical bodies in flight), with the config's `timeouts`. */
  private askUpstream(
    key: string,
    upstream: UpstreamConfig,
    timeouts: HttpTimeouts,
    build: () => { url: string; headers: Record<string, string>; payload: Buffer | string | undefined },
  ): Promise<number | undefined> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const call = build();
    this.perUpstream.set(upstream.id, (this.perUpstream.get(upstream.id) ?? 0) + 1);
    const promise = sendUpstreamRequest({
      upstreamId: upstream.id,
      url: call.url,
      method: 'POST',
      headers: call.headers,
      body: call.payload,
      proxyUrl: upstream.proxyUrl,
      timeouts,
    })
      .then(async (response) => {
        const text = await response.body.text();
        if (response.statusCode !== 200) return undefined;
        const count = (JSON.parse(text) as { input_tokens?: unknown }).input_tokens;
        if (typeof count !== 'number') return undefined;
        this.cache.set(key, count);
        return count;
      })
      .catch(() => undefined)
      .finally(() => {
        this.inFlight.delete(key);
        this.perUpstream.set(upstream.id, (this.perUpstream.get(upstream.id) ?? 1) - 1);
      });
    this.inFlight.set(key, promise);
    return promise;
  }
}
