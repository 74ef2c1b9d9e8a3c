import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SwitchboardConfig } from '../../config/switchboard-config.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { parseJsonObject, validateRequestBody } from '../../protocols/anthropic/parse-request-body.js';
import type { GatewayContext } from '../gateway-context.js';

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
 * `POST /reset-cooldown` of the management API (`/v0/management/reset-cooldown`), registered in
 * the management scope (`registerManagementScope`: management-key auth, OpenAI error envelope).
 * JSON body `{ "upstream"?: id, "credential"?: "cred_…" }` (optional; none or `{}` = everything):
 * clears cooldowns, blocks, model unavailability and backoff of one credential (`credential`,
 * within `upstream` when both are given), of one upstream (`upstream`: its own cooldown and all its
 * credentials), or of all (`CredentialHealth.resetCooldowns`). Answers `{ "cleared": n }`: how many
 * credentials and upstreams had something to clear. 400 when the body is not JSON or not that
 * shape, 404 for an upstream id or credential id the current config does not have.
 */
export function registerResetCooldownRoute(scope: FastifyInstance, context: GatewayContext): void {
  scope.post('/reset-cooldown', async (request, reply) => {
    const config = context.configHolder.current;
    const body = parseResetBody(request.body);
    const scopeOfReset = resetScopeOf(config, body);
    const cleared = await context.health.resetCooldowns({ ...scopeOfReset, now: Date.now() });
    context.logger.info({ requestId: request.id, ...scopeOfReset, cleared }, 'cooldowns reset');
    return reply.send({ cleared });
  });
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
