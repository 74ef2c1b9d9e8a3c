import type { FastifyInstance } from 'fastify';
import { RouteNotFoundError } from '../../errors/gateway-error.js';
import { openAIChatProtocol } from '../../protocols/openai-chat/openai-chat-protocol.js';
import type { GatewayContext } from '../gateway-context.js';
import { createErrorHandler } from '../handle-error.js';
import {
  createManagementAuthenticator,
  type ManagementAuthOptions,
} from '../middleware/authenticate-management.js';
import { registerManagementApiKeysRoutes } from './management-api-keys-routes.js';
import { registerManagementAuthFilesRoutes } from './management-auth-files-routes.js';
import { registerManagementConfigRoutes } from './management-config-routes.js';
import { registerResetCooldownRoute } from './management-reset-cooldown-route.js';
import { registerManagementUpstreamsRoute } from './management-upstreams-route.js';

/** Path prefix of every management route (CLIProxyAPI's, seed 002). */
export const MANAGEMENT_PREFIX = '/v0/management';

/**
 * Registers the management API (seed 002 "Management API", issue 6) as one encapsulated Fastify
 * plugin under {@link MANAGEMENT_PREFIX}. Its `onRequest` hook runs the management auth
 * (`createManagementAuthenticator`: 404 disabled, 403 remote, 429 banned, 401 wrong key) before any
 * body is read, for every route of the scope, unknown paths included (their 404 comes after auth).
 * Errors answer in OpenAI's envelope (`{ error: { message, type, param, code, … } }`). Routes:
 * `GET /config`, `GET|PUT /config.yaml`, `GET|PUT|PATCH|DELETE /api-keys`, `GET /upstreams`,
 * `POST /reset-cooldown`, `GET|POST|DELETE /auth-files`, `GET /auth-files/download`; then
 * `extra(scope)` adds more (the usage and logs routes) under the same auth.
 * @param app the gateway app (the plugin loads when the app is readied or listens)
 * @param extra registers further routes with paths relative to the prefix
 * @param options clock and limits of the failed-attempt ban (tests)
 */
export function registerManagementScope(
  app: FastifyInstance,
  context: GatewayContext,
  extra: (scope: FastifyInstance) => void = () => undefined,
  options: ManagementAuthOptions = {},
): void {
  const authenticate = createManagementAuthenticator(
    () => context.configHolder.current.remoteManagement,
    options,
  );
  void app.register(
    async (scope) => {
      scope.setErrorHandler(
        createErrorHandler(
          context.logger,
          () => context.configHolder.current.bodyLimitBytes,
          (error, requestId) => openAIChatProtocol.encodeError(error, requestId),
        ),
      );
      scope.addHook('onRequest', async (request) => {
        await authenticate({ headers: request.headers, remoteAddress: request.socket.remoteAddress });
      });
      scope.setNotFoundHandler((request) => {
        throw new RouteNotFoundError(request.method, request.url.split('?')[0] ?? request.url);
      });
      registerManagementConfigRoutes(scope, context);
      registerManagementApiKeysRoutes(scope, context);
      registerManagementUpstreamsRoute(scope, context);
      registerResetCooldownRoute(scope, context);
      registerManagementAuthFilesRoutes(scope, context);
      extra(scope);
    },
    { prefix: MANAGEMENT_PREFIX },
  );
}
