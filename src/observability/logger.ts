import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Header and field paths whose values are secrets; pino replaces them before serialising. */
const REDACTED_PATHS = [
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["anthropic-auth-token"]',
  'headers["x-goog-api-key"]',
  'apiKey',
  'api-key',
  '*.apiKey',
  '*.authorization',
  '*["x-api-key"]',
];

/** Options of the gateway logger. */
export interface LoggerOptions {
  /** `debug` from the config raises the level to `debug`. */
  readonly debug?: boolean | undefined;
  /** Where lines go; standard error by default (standard output carries the banner). */
  readonly destination?: NodeJS.WritableStream | undefined;
  /** `silent` turns logging off (tests). */
  readonly level?: string | undefined;
}

/**
 * Creates the structured JSON logger (pino). Secret-bearing fields are redacted by the logger
 * itself, so no call site can leak an API key or OAuth token into a log line.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? (options.debug ? 'debug' : 'info');
  return pino(
    { level, base: { service: 'switchboard' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    options.destination ?? pino.destination({ dest: 2, sync: false }),
  );
}
