import { GatewayMetrics } from '../observability/metrics.js';
import type { RecentLogLines } from '../observability/recent-log-lines.js';
import { SecretRegistry } from '../observability/secret-registry.js';
import { listLimiters } from '../routing/upstream-limiters.js';
import type { UsageDatabase } from '../store/sqlite/usage-database.js';
import { registerLogsRoute } from './routes/logs-route.js';
import { registerMetricsRoute } from './routes/metrics-route.js';
import { registerUsageRoutes } from './routes/usage-routes.js';
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
import { registerManagementScope } from './routes/management-scope.js';
import type { ConfigReloader } from '../config/reload-config.js';
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
  /** Switchboard's home directory (management auth files default to `<home>/auth`). */
  readonly home?: string | undefined;
  /** Applies config.yaml: the file watcher and the management API's writes share it. */
  readonly configReloader?: ConfigReloader | undefined;
  /**
   * The secrets the logger scrubs; upstream error texts are scrubbed with it too. Default: a
   * registry of the config's secrets, kept up to date on every config replace.
   */
  readonly secrets?: SecretRegistry | undefined;
  /** Recent log lines for `GET /v0/management/logs`. */
  readonly recentLogs?: RecentLogLines | undefined;
  /** The persisted usage store (`usage-statistics-enabled`), for `/v0/management/usage*`. */
  readonly usageDatabase?: UsageDatabase | undefined;
  /** Writes buffered usage records now (so a usage read includes the latest requests). */
  readonly flushUsage?: (() => Promise<unknown> | void) | undefined;
}

/**
 * Builds the gateway's HTTP app (Fastify: a small, fast, well-kept server core with one error
 * handler and per-route hooks). Bodies are kept as raw bytes (parsed once, by the route, with
 * the client's format's error on failure) and limited to `body-limit-mb` (413 beyond it).
 * Nothing here listens; `listen` is the caller's.
 */
/** A registry of the config's secrets that follows every replace (old ones stay: requests in flight). */
function secretsOf(configHolder: ConfigHolder): SecretRegistry {
  const secrets = new SecretRegistry();
  secrets.replaceFrom(configHolder.current);
  configHolder.onReplace((next) => secrets.addFrom(next));
  return secrets;
}

/**
 * Request ids are `req_` + 16 random hex digits drawn once per process + a 8-digit hex counter:
 * unique, unguessable across processes, and free of a random draw per request.
 */
const requestIdPrefix = randomBytes(8).toString('hex');
let requestCount = 0;

export function buildApp(options: AppOptions): FastifyInstance {
  const { configHolder, logger } = options;
  const context: GatewayContext = {
    configHolder,
    logger,
    health: new CredentialHealth(options.stateStore ?? new MemoryStateStore()),
    usage: options.usage ?? new UsageLog(),
    home: options.home,
    configReloader: options.configReloader,
    secrets: options.secrets ?? secretsOf(configHolder),
  };
  const metrics = new GatewayMetrics({
    sources: { config: () => configHolder.current, health: context.health, limiters: listLimiters },
  });
  context.usage.addSink(metrics);
  const gatewayContext: GatewayContext = { ...context, metrics };
  const bodyLimit = configHolder.current.bodyLimitBytes;
  const app = Fastify({
    ...(options.https === undefined ? {} : { https: { cert: options.https.cert, key: options.https.key } }),
    bodyLimit,
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    genReqId: () => `req_${requestIdPrefix}${(requestCount += 1).toString(16).padStart(8, '0')}`,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler(createErrorHandler(logger, () => configHolder.current.bodyLimitBytes));
  app.setNotFoundHandler((request) => {
    throw new RouteNotFoundError(request.method, request.url.split('?')[0] ?? request.url);
  });
  registerHealthRoutes(app, gatewayContext);
  registerMessagesRoute(app, gatewayContext);
  registerChatCompletionsRoute(app, gatewayContext);
  registerResponsesRoute(app, gatewayContext);
  registerGeminiRoutes(app, gatewayContext);
  registerCountTokensRoute(app, gatewayContext);
  registerModelsRoute(app, gatewayContext);
  registerRouteInspectRoute(app, gatewayContext);
  registerMetricsRoute(app, { ...gatewayContext, metrics });
  registerManagementScope(app, gatewayContext, (scope) => {
    registerUsageRoutes(scope, {
      usageDatabase: () => options.usageDatabase,
      flushPending: options.flushUsage,
    });
    if (options.recentLogs) registerLogsRoute(scope, { recent: options.recentLogs });
  });
  return app;
}
