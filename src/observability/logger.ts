import { mkdirSync } from 'node:fs';
import { pino, type DestinationStream, type Logger, type StreamEntry } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { RecentLogLines } from './recent-log-lines.js';
import type { SecretRegistry } from './secret-registry.js';

export type { Logger } from 'pino';

/** Name of the active log file inside `file.dir`; rotated files get a date and index prefix. */
export const LOG_FILE_NAME = 'switchboard.log';

/** Largest size of one log file before it is rotated, bytes (smaller when the total cap needs it). */
export const DEFAULT_LOG_FILE_SIZE_BYTES = 10 * 1024 * 1024;

/** Header and field paths whose values are secrets; pino replaces them before serialising. */
const REDACTED_PATHS = [
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["anthropic-auth-token"]',
  'headers["x-goog-api-key"]',
  'headers["proxy-authorization"]',
  'headers.cookie',
  'apiKey',
  'api-key',
];

/** Rotated log files (`logging-to-file`, `logs-max-total-size-mb`). */
export interface LogFileOptions {
  /** Directory of the files (created 0700 when missing), e.g. `<home>/logs`. */
  readonly dir: string;
  /** Cap of all files together (active + rotated), bytes; 0 = no cap (rotated files are kept). */
  readonly maxTotalSizeBytes: number;
  /**
   * Size at which the active file is rotated, bytes; default {@link DEFAULT_LOG_FILE_SIZE_BYTES},
   * or half the total cap when that is smaller.
   */
  readonly fileSizeBytes?: number | undefined;
}

/** Options of the gateway logger. */
export interface LoggerOptions {
  /** `debug` from the config raises the level to `debug`. */
  readonly debug?: boolean | undefined;
  /** Where lines go; standard error by default (standard output carries the banner). */
  readonly destination?: NodeJS.WritableStream | DestinationStream | undefined;
  /** Overrides the level (`silent` turns logging off, tests); default `debug` or `info`. */
  readonly level?: string | undefined;
  /** Human-readable lines on `destination` instead of JSON (pass `process.stderr.isTTY`). */
  readonly pretty?: boolean | undefined;
  /** Colours in pretty output; default: the same as `pretty`. */
  readonly colorize?: boolean | undefined;
  /** Also write JSON lines to rotated files. */
  readonly file?: LogFileOptions | undefined;
  /** Every serialised line is scrubbed of these secrets before any destination sees it. */
  readonly secrets?: SecretRegistry | undefined;
  /** Receives every (scrubbed) JSON line, for `GET /v0/management/logs`. */
  readonly recent?: RecentLogLines | undefined;
}

/** What {@link closeLogger} has to flush and end per logger. */
const closers = new WeakMap<Logger, () => Promise<void>>();

/**
 * Creates the structured logger (pino): JSON lines, or pino-pretty's human-readable lines when
 * `pretty` (formatted in-process, synchronously: no worker transport). Secrets are removed by the
 * logger itself, so no call site can leak one: secret-bearing fields by path, and every configured
 * secret anywhere in a serialised line by `secrets.scrub` (pino `hooks.streamWrite`), before the
 * line reaches the destination, the log files or the recent-lines ring.
 * @throws Error when `file.dir` cannot be created
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? (options.debug ? 'debug' : 'info');
  const destination = options.destination ?? pino.destination({ dest: 2, sync: false });
  const main: DestinationStream = options.pretty
    ? prettyStream(destination, options.colorize ?? true)
    : (destination as DestinationStream);
  const streams: StreamEntry[] = [{ level: 'trace', stream: main }];
  const file = options.file === undefined ? undefined : openLogFile(options.file, main);
  if (file !== undefined) streams.push({ level: 'trace', stream: file as unknown as DestinationStream });
  if (options.recent !== undefined) streams.push({ level: 'trace', stream: options.recent });
  const secrets = options.secrets;
  const logger = pino(
    {
      level,
      base: { service: 'switchboard' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(secrets === undefined ? {} : { hooks: { streamWrite: (line: string) => secrets.scrub(line) } }),
    },
    streams.length === 1 ? main : pino.multistream(streams),
  );
  closers.set(logger, async () => {
    flushQuietly(destination);
    if (file !== undefined && !file.destroyed) {
      await new Promise<void>((resolve) => file.end(() => resolve()));
    }
  });
  return logger;
}

/**
 * Flushes the logger's destination and closes its log file (shutdown, tests). Lines logged after
 * this still reach the destination but no longer the file. Never throws.
 */
export async function closeLogger(logger: Logger): Promise<void> {
  const close = closers.get(logger);
  closers.delete(logger);
  try {
    await close?.();
  } catch {
    // Nothing useful can be done about a log file that fails to close.
  }
}

/** The per-file size and the cap of rotated files that keep the total at `maxTotalSizeBytes`. */
export function logFileSizes(options: LogFileOptions): { fileBytes: number; rotatedBytes: number } {
  const total = Math.max(0, Math.floor(options.maxTotalSizeBytes));
  const wanted = options.fileSizeBytes ?? DEFAULT_LOG_FILE_SIZE_BYTES;
  const fileBytes = Math.max(1, Math.floor(total > 0 ? Math.min(wanted, total / 2) : wanted));
  return { fileBytes, rotatedBytes: total > 0 ? Math.max(1, total - fileBytes) : 0 };
}

/** Opens `<dir>/switchboard.log` (mode 0600), rotated by size; errors are reported on `main`. */
function openLogFile(options: LogFileOptions, main: DestinationStream): RotatingFileStream {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const { fileBytes, rotatedBytes } = logFileSizes(options);
  const stream = createStream(LOG_FILE_NAME, {
    path: options.dir,
    size: `${fileBytes}B`,
    ...(rotatedBytes > 0 ? { maxSize: `${rotatedBytes}B` } : {}),
    mode: 0o600,
  });
  let reported = false;
  const report = (error: Error): void => {
    if (reported) return;
    reported = true;
    main.write(
      `${JSON.stringify({ level: 40, time: Date.now(), msg: `log file ${options.dir}: ${error.message}` })}\n`,
    );
  };
  stream.on('error', report);
  stream.on('warning', report);
  return stream;
}

/** A destination that formats each JSON line with pino-pretty and writes it to `destination`. */
function prettyStream(
  destination: NodeJS.WritableStream | DestinationStream,
  colorize: boolean,
): DestinationStream {
  const prettify = prettyFactory({
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
  });
  return {
    write(line: string): void {
      destination.write(prettify(line));
    },
  };
}

function flushQuietly(destination: NodeJS.WritableStream | DestinationStream): void {
  const flushable = destination as { flushSync?: () => void };
  try {
    flushable.flushSync?.();
  } catch {
    // An async destination that is not ready yet has nothing to flush.
  }
}
