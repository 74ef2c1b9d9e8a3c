/**
 * Small pieces the management routes share (issue 6): the reloader a config write needs, the
 * answer to a config write, and reading raw request bodies (the app keeps bodies as bytes).
 */
import type { ConfigWriteResult } from '../../config/edit-config-file.js';
import type { ConfigReloader } from '../../config/reload-config.js';
import { GatewayError, InvalidRequestError } from '../../errors/gateway-error.js';
import type { GatewayContext } from '../gateway-context.js';

/** The answer of a config write that was applied. */
export interface ConfigWriteAnswer {
  readonly ok: true;
  /** For the operator (accepted-but-unused keys, settings that need a restart); never a secret. */
  readonly warnings: readonly string[];
}

/**
 * The reloader config writes go through.
 * @throws GatewayError 409 when the gateway serves no config file it can edit
 */
export function requireReloader(context: GatewayContext): ConfigReloader {
  if (context.configReloader !== undefined) return context.configReloader;
  throw new GatewayError(
    'invalid_request',
    409,
    'This gateway was started without an editable config file; the configuration cannot be changed here.',
  );
}

/**
 * Turns a config write's result into the route's answer.
 * @throws InvalidRequestError-like GatewayError 400 whose body carries `issues` (each `{ file, line?,
 *   path, message }`, never a secret) when the new config was refused; nothing changed then
 */
export function answerConfigWrite(result: ConfigWriteResult): ConfigWriteAnswer {
  if (result.ok) return { ok: true, warnings: result.warnings };
  throw new GatewayError(
    'invalid_request',
    400,
    `${result.error.message}\nNothing was changed: the running configuration keeps serving.`,
    { details: { issues: result.error.issues } },
  );
}

/** The request body as bytes (empty when there is none). */
export function bodyBytes(raw: unknown): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (typeof raw === 'string') return Buffer.from(raw, 'utf8');
  return Buffer.alloc(0);
}

/**
 * Parses a JSON body.
 * @param expected what the body should be, for the message (`a JSON array of keys`)
 * @throws InvalidRequestError (400) when it is empty or not JSON
 */
export function parseJsonBody(raw: unknown, expected: string): unknown {
  const bytes = bodyBytes(raw);
  if (bytes.length === 0) throw new InvalidRequestError(`The request body is empty; expected ${expected}.`);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidRequestError(`The request body is not valid JSON (${reason}); expected ${expected}.`);
  }
}
