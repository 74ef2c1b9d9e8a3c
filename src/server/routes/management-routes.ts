import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SwitchboardConfig } from '../../config/switchboard-config.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { parseJsonObject, validateRequestBody } from '../../protocols/anthropic/parse-request-body.js';
import { openAIChatProtocol } from '../../protocols/openai-chat/openai-chat-protocol.js';
import { admitRequest, type GatewayContext } from '../gateway-context.js';
import { createErrorHandler } from '../handle-error.js';

const resetCooldownBodySchema = z
  .object({
    upstream: z.string().min(1).optional(),
    credential: z
      .string()
      .regex(/^cred_[0-9a-f]+$/, 'expected a credential id (cred_ followed by hex digits)')
      .optional(),
  })
  .strict();

type ResetCooldownBody = z.infer<typeof resetCooldownBodySchema>;

/**
 * Management routes (`/v0/management/…`), errors in OpenAI's envelope:
 * - `POST /v0/management/reset-cooldown`, JSON body `{ "upstream"?: id, "credential"?: "cred_…" }`
 *   (optional; none or `{}` = everything): clears cooldowns, blocks, model unavailability and
 *   backoff of one credential (`credential`, within `upstream` when both are given), of one
 *   upstream (`upstream`: its own cooldown and all its credentials), or of all (`CredentialHealth
 *   .resetCooldowns`). Answers `{ "cleared": n }`: how many credentials and upstreams had
 *   something to clear. 400 when the body is not JSON or not that shape, 404 for an upstream id
 *   or credential id the current config does not have.
 * Auth: inbound keys as the generation routes (401); with no `api-keys` configured, only loopback
 * callers (socket address, not `X-Forwarded-For`) are served, others get 403 — defense in depth,
 * since the config already refuses to listen beyond loopback without keys.
 */
export function registerManagementRoutes(app: FastifyInstance, context: GatewayContext): void {
  const errorHandler = createErrorHandler(
    context.logger,
    () => context.configHolder.current.bodyLimitBytes,
    (error, requestId) => openAIChatProtocol.encodeError(error, requestId),
  );
  app.post('/v0/management/reset-cooldown', { errorHandler }, async (request, reply) => {
    const { config, auth } = admitRequest(context, request.headers);
    if (config.apiKeys.length === 0 && !isLoopbackAddress(request.socket.remoteAddress)) {
      throw new GatewayError(
        'permission',
        403,
        'Management routes are served only to loopback callers when no api-keys are configured.',
      );
    }
    const body = parseResetBody(request.body);
    const scope = resetScopeOf(config, body);
    const cleared = await context.health.resetCooldowns({ ...scope, now: Date.now() });
    context.logger.info({ requestId: request.id, keyId: auth.keyId, ...scope, cleared }, 'cooldowns reset');
    return reply.send({ cleared });
  });
}

/**
 * Whether a socket's remote address is a loopback address: `127.0.0.0/8`, `::1`, or an
 * IPv4-mapped `::ffff:127.x.y.z`.
 * @param address `socket.remoteAddress` (undefined once the socket is gone: not loopback)
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const unmapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(unmapped) === 4) return unmapped.startsWith('127.');
  return unmapped === '::1' || unmapped === '0:0:0:0:0:0:0:1';
}

/** @throws InvalidRequestError (400) when the body is not JSON or not the reset shape */
function parseResetBody(raw: unknown): ResetCooldownBody {
  const bytes = Buffer.isBuffer(raw) || typeof raw === 'string' ? raw : undefined;
  if (bytes === undefined || bytes.length === 0) return {};
  const json = parseJsonObject(bytes, 'a reset-cooldown request ({"upstream"?, "credential"?})');
  return validateRequestBody(json, resetCooldownBodySchema, 'a reset-cooldown request');
}

/** @throws GatewayError (404) for an upstream or credential the config does not have */
function resetScopeOf(
  config: SwitchboardConfig,
  body: ResetCooldownBody,
): { upstreamId?: string; credentialId?: string } {
  const upstream =
    body.upstream === undefined ? undefined : config.upstreams.find((entry) => entry.id === body.upstream);
  if (body.upstream !== undefined && upstream === undefined) {
    const known = config.upstreams.map((entry) => entry.id).join(', ') || 'none';
    throw new GatewayError(
      'not_found',
      404,
      `No upstream '${body.upstream}' is configured (upstreams: ${known}).`,
    );
  }
  if (body.credential === undefined) return upstream === undefined ? {} : { upstreamId: upstream.id };
  const owner = (upstream === undefined ? config.upstreams : [upstream]).find((entry) =>
    entry.credentials.some((credential) => credential.id === body.credential),
  );
  if (owner === undefined) {
    const where = upstream === undefined ? 'any configured upstream' : `upstream '${upstream.id}'`;
    throw new GatewayError('not_found', 404, `Credential '${body.credential}' is not one of ${where}.`);
  }
  return { upstreamId: owner.id, credentialId: body.credential };
}
