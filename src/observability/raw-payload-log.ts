import type { LoggingConfig } from '../config/switchboard-config.js';
import type { Logger } from './logger.js';

/** Longest body or event text put in one log line, bytes (UTF-16 units); the rest is cut. */
export const RAW_PAYLOAD_MAX_LENGTH = 1024 * 1024;

/**
 * Which body a raw-payload line holds: what the client sent, what the gateway sent upstream, what
 * the upstream answered (non-streamed answers and error bodies), what the client was sent.
 */
export type RawPayloadDirection =
  'client-request' | 'upstream-request' | 'upstream-response' | 'client-response';

/** Which side of the relay an SSE event was seen on: read from the upstream, or written to the client. */
export type RawSseDirection = 'upstream' | 'client';

/** A body as the gateway holds it: raw bytes, text, or (rarely) a value to serialise. */
export type RawBody = Buffer | Uint8Array | string | undefined;

/** The config part the raw loggers read (`logging.rawApiPayloads`, `logging.rawSseEvents`). */
export interface RawLoggingConfig {
  readonly logging: Pick<LoggingConfig, 'rawApiPayloads' | 'rawSseEvents'>;
}

/**
 * Logs one request or response body (`LOG_RAW_API_PAYLOADS`), as text, cut at
 * {@link RAW_PAYLOAD_MAX_LENGTH}. A no-op (one flag check) unless `config.logging.rawApiPayloads`.
 * Only bodies are logged, never headers; configured secrets inside a body are still removed by the
 * logger's scrubbing.
 */
export function logRawPayload(
  logger: Logger,
  config: RawLoggingConfig,
  entry: { readonly requestId: string; readonly direction: RawPayloadDirection; readonly body: RawBody },
): void {
  if (!config.logging.rawApiPayloads) return;
  const text = textOf(entry.body);
  logger.info(
    { requestId: entry.requestId, direction: entry.direction, ...cut(text, 'body') },
    'raw api payload',
  );
}

/**
 * Logs one SSE event (`LOG_RAW_SSE_EVENTS`), its text as framed on the wire, cut at
 * {@link RAW_PAYLOAD_MAX_LENGTH}. A no-op (one flag check) unless `config.logging.rawSseEvents`.
 */
export function logRawSseEvent(
  logger: Logger,
  config: RawLoggingConfig,
  entry: { readonly requestId: string; readonly direction: RawSseDirection; readonly event: string },
): void {
  if (!config.logging.rawSseEvents) return;
  logger.info(
    { requestId: entry.requestId, direction: entry.direction, ...cut(entry.event, 'event') },
    'raw sse event',
  );
}

/** {@link logRawPayload} and {@link logRawSseEvent} bound to one request. */
export interface RawPayloadLog {
  /** Logs a body when raw API payload logging is on. */
  payload(direction: RawPayloadDirection, body: RawBody): void;
  /** Logs an SSE event when raw SSE logging is on. */
  sseEvent(direction: RawSseDirection, event: string): void;
}

/**
 * The raw loggers of one request, or undefined when both flags are off — so call sites cost one
 * optional-chaining check (`raw?.payload(…)`) when raw logging is off (the default).
 * @param config the config snapshot the request runs on
 */
export function rawPayloadLogFor(
  logger: Logger,
  config: RawLoggingConfig,
  requestId: string,
): RawPayloadLog | undefined {
  if (!config.logging.rawApiPayloads && !config.logging.rawSseEvents) return undefined;
  return {
    payload: (direction, body) => logRawPayload(logger, config, { requestId, direction, body }),
    sseEvent: (direction, event) => logRawSseEvent(logger, config, { requestId, direction, event }),
  };
}

function textOf(body: RawBody): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

function cut(text: string, key: 'body' | 'event'): Record<string, unknown> {
  if (text.length <= RAW_PAYLOAD_MAX_LENGTH) return { [key]: text, length: text.length };
  return { [key]: text.slice(0, RAW_PAYLOAD_MAX_LENGTH), length: text.length, truncated: true };
}
