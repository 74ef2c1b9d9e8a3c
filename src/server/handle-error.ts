import { ClientClosedError } from './relay/client-abort.js';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  GatewayError,
  InvalidRequestError,
  RequestTooLargeError,
  RouteNotFoundError,
} from '../errors/gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { encodeAnthropicError } from '../protocols/anthropic/encode-error.js';

/**
 * Maps anything thrown by a route to a `GatewayError`: gateway errors as they are, Fastify's body
 * errors to 413 / 400, and anything else to a 500 whose message hides the internals (the stack
 * goes to the log, never to the client).
 */
export function toGatewayError(error: unknown, bodyLimitBytes: number): GatewayError {
  if (error instanceof GatewayError) return error;
  const code = (error as Partial<FastifyError> | undefined)?.code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new RequestTooLargeError(bodyLimitBytes);
  if (typeof code === 'string' && code.startsWith('FST_ERR_CTP_')) {
    return new InvalidRequestError(`Request body could not be read: ${(error as Error).message}`);
  }
  if (code === 'FST_ERR_NOT_FOUND') return new RouteNotFoundError('', '');
  return new GatewayError('internal', 500, 'Internal gateway error; see the gateway log for details.');
}

/** Encodes a gateway error in one client format's envelope (a protocol's `encodeError`). */
export type ErrorEncoder = (error: GatewayError, requestId: string) => unknown;

/**
 * The error handler of a route: answers in the route's client wire format (Anthropic's envelope
 * unless the route passes another encoder), with `Retry-After` when the error has a hint. Never a
 * stack trace.
 */
export function createErrorHandler(
  logger: Logger,
  bodyLimitBytes: () => number,
  encode: ErrorEncoder = (error, requestId) => encodeAnthropicError(error, requestId),
) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    if (
      error instanceof ClientClosedError ||
      (error instanceof Error && error.cause instanceof ClientClosedError)
    ) {
      // The client left before its answer: nothing to answer, nothing the gateway did wrong.
      logger.debug({ requestId: request.id }, 'client closed the connection');
      if (!reply.raw.destroyed) reply.raw.destroy();
      return;
    }
    const gatewayError = toGatewayError(error, bodyLimitBytes());
    if (gatewayError.code === 'internal')
      logger.error({ err: error, requestId: request.id }, 'unhandled error');
    else if (gatewayError.status >= 500)
      logger.warn({ requestId: request.id, error: gatewayError.message }, 'upstream failure');
    else logger.debug({ requestId: request.id, error: gatewayError.message }, 'request refused');
    if (reply.sent || reply.raw.headersSent) {
      if (!reply.raw.destroyed) reply.raw.end();
      return;
    }
    if (gatewayError.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(gatewayError.retryAfterSeconds));
    void reply
      .code(gatewayError.status)
      .header('x-switchboard-request-id', request.id)
      .send(encode(gatewayError, request.id));
  };
}
