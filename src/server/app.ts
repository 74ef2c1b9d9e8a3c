import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ConfigHolder } from '../config/config-holder.js';
import { RouteNotFoundError } from '../errors/gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { UsageLog } from '../observability/usage-log.js';
import { CredentialHealth } from '../routing/credential-health.js';
import { MemoryStateStore } from '../store/memory/memory-state-store.js';
import type { StateStore } from '../store/state-store.js';
import type { GatewayContext } from './gateway-context.js';
import { createErrorHandler } from './handle-error.js';
import { registerChatCompletionsRoute } from './routes/chat-completions-route.js';
import { registerCountTokensRoute } from './routes/count-tokens-route.js';
import { registerGeminiRoutes } from './routes/gemini-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerManagementRoutes } from './routes/management-routes.js';
import { registerMessagesRoute } from './routes/messages-route.js';
import { registerModelsRoute } from './routes/models-route.js';
import { registerResponsesRoute } from './routes/responses-route.js';
import { registerRouteInspectRoute } from './routes/route-inspect-route.js';

/** Inputs of the HTTP app. */
export interface AppOptions {
  readonly configHolder: ConfigHolder;
  readonly logger: Logger;
  /** Where credential health lives (default: in memory; Redis when instances share state). */
  readonly stateStore?: StateStore | undefined;
  /** The usage log requests are recorded in (default: a new in-memory log). */
  readonly usage?: UsageLog | undefined;
  /** Serve HTTPS with this PEM certificate (chain) and key (`tls`); plain HTTP when absent. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer } | undefined;
}

/**
 * Builds the gateway's HTTP app (Fastify: a small, fast, well-kept server core with one error
 * handler and per-route hooks). Bodies are kept as raw bytes (parsed once, by the route, with
 * the client's format's error on failure) and limited to `body-limit-mb` (413 beyond it).
 * Nothing here listens; `listen` is the caller's.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const { configHolder, logger } = options;
  const context: GatewayContext = {
    configHolder,
    logger,
    health: new CredentialHealth(options.stateStore ?? new MemoryStateStore()),
    usage: options.usage ?? new UsageLog(),
  };
  const bodyLimit = configHolder.current.bodyLimitBytes;
  const app = Fastify({
    ...(options.https === undefined ? {} : { https: { cert: options.https.cert, key: options.https.key } }),
    bodyLimit,
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    genReqId: () => `req_${randomBytes(12).toString('hex')}`,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler(createErrorHandler(logger, () => configHolder.current.bodyLimitBytes));
  app.setNotFoundHandler((request) => {
    throw new RouteNotFoundError(request.method, request.url.split('?')[0] ?? request.url);
  });
  registerHealthRoutes(app, context);
  registerMessagesRoute(app, context);
  registerChatCompletionsRoute(app, context);
  registerResponsesRoute(app, context);
  registerGeminiRoutes(app, context);
  registerCountTokensRoute(app, context);
  registerModelsRoute(app, context);
  registerRouteInspectRoute(app, context);
  registerManagementRoutes(app, context);
  return app;
}
