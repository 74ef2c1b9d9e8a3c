import path from 'node:path';
import { RecentLogLines } from '../observability/recent-log-lines.js';
import { SecretRegistry } from '../observability/secret-registry.js';
import { SqliteUsageWriter } from '../observability/usage-writer.js';
import { openUsageDatabase, type UsageDatabase } from '../store/sqlite/usage-database.js';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config/config-error.js';
import { UsageLog } from '../observability/usage-log.js';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ConfigHolder } from '../config/config-holder.js';
import { loadConfig, resolveHome } from '../config/load-config.js';
import type { SwitchboardConfig } from '../config/switchboard-config.js';
import { closeLogger, createLogger, type Logger } from '../observability/logger.js';
import {
  defaultLocalProbes,
  discoverLocalServers,
  withDiscoveredUpstreams,
} from '../providers/discover-local.js';
import { buildApp } from '../server/app.js';
import { createConfigReloader } from '../config/reload-config.js';
import { storeManagementSecretHash } from '../config/store-secret-hash.js';
import type { UpstreamConfig } from '../config/switchboard-config.js';
import { watchConfigFile } from '../config/watch-config.js';
import { closeDispatchers } from '../upstream/dispatcher.js';
import { renderBanner } from './banner.js';
import { SWITCHBOARD_VERSION } from './version.js';

/** Flags of `switchboard start`. */
export interface StartOptions {
  readonly config?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
}

/** Where the start command reads its environment and writes its banner. */
export interface StartEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly print: (text: string) => void;
  /** Logger override (tests); default: JSON lines on standard error (pretty on a terminal). */
  readonly logger?: Logger | undefined;
  /** The secrets the logger scrubs (tests pass the registry their logger uses); default: a new one. */
  readonly secrets?: SecretRegistry | undefined;
}

/** A gateway that is listening. */
export interface RunningGateway {
  readonly app: FastifyInstance;
  readonly configHolder: ConfigHolder;
  /** Usage records of the requests served so far (in memory). */
  readonly usage: UsageLog;
  /** `http://host:port` clients connect to. */
  readonly url: string;
  /** Settles when local discovery is done and the banner printed. */
  readonly ready: Promise<void>;
  /**
   * Stops accepting connections, lets in-flight requests and streams finish for up to
   * `graceMs` (default: the config's `shutdown-grace-seconds`), then closes what is left.
   */
  readonly close: (graceMs?: number) => Promise<void>;
}

/**
 * Loads the config (writing the commented default on first run), listens, and then — without
 * delaying the listen — probes local servers and prints the banner.
 * @throws ConfigError for an invalid config; the listen error (e.g. EADDRINUSE) when the port is taken
 */
export async function startGateway(
  options: StartOptions,
  environment: StartEnvironment,
): Promise<RunningGateway> {
  const home = resolveHome(environment.env);
  const loaded = await loadConfig({
    configPath: options.config,
    home,
    env: environment.env,
    overrides: { host: options.host, port: options.port },
  });
  const secrets = environment.secrets ?? new SecretRegistry();
  secrets.replaceFrom(loaded.config);
  const recentLogs = new RecentLogLines();
  const logger =
    environment.logger ??
    createLogger({
      debug: loaded.config.debug,
      pretty: process.stderr.isTTY === true,
      secrets,
      recent: recentLogs,
      ...(loaded.config.logging.toFile
        ? {
            file: {
              dir: path.join(home, 'logs'),
              maxTotalSizeBytes: loaded.config.logging.maxTotalSizeBytes,
            },
          }
        : {}),
    });
  const configPath = loaded.config.sourcePath;
  if (configPath !== undefined) {
    try {
      if (await storeManagementSecretHash(configPath, loaded.config))
        logger.info({ file: configPath }, 'management secret stored hashed');
    } catch (error) {
      logger.warn({ file: configPath, error: String(error) }, 'could not store the management secret hashed');
    }
  }
  const configHolder = new ConfigHolder(loaded.config);
  // Old secrets stay registered: requests in flight may still use them.
  configHolder.onReplace((next) => secrets.addFrom(next));
  const usage = new UsageLog();
  let usageWriter: SqliteUsageWriter | undefined;
  let usageDatabase: UsageDatabase | undefined;
  if (loaded.config.usageStatisticsEnabled) {
    usageDatabase = openUsageDatabase(home);
    usageWriter = new SqliteUsageWriter(usageDatabase, { logger });
    usage.addSink(usageWriter);
  }
  const https = await readTlsFiles(loaded.config);
  let discoveredUpstreams: readonly UpstreamConfig[] = [];
  const configReloader =
    configPath === undefined
      ? undefined
      : createConfigReloader({
          configPath,
          env: environment.env,
          holder: configHolder,
          logger,
          discovered: () => discoveredUpstreams,
          overrides: { host: options.host, port: options.port },
        });
  const app = buildApp({
    configHolder,
    logger,
    usage,
    https,
    home,
    configReloader,
    secrets,
    recentLogs,
    usageDatabase,
    flushUsage: () => usageWriter?.flush(),
  });
  const config = loaded.config;
  try {
    await app.listen({ host: config.host === '' ? '::' : config.host, port: config.port });
  } catch (error) {
    await usageWriter?.close();
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  const connectHost =
    config.host === '' || config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `${https === undefined ? 'http' : 'https'}://${connectHost.includes(':') ? `[${connectHost}]` : connectHost}:${address.port}`;

  const watch =
    configReloader === undefined
      ? undefined
      : watchConfigFile(configReloader.configPath, () => configReloader.reload(), {
          onError: (error) => logger.warn({ error: String(error) }, 'config watch failed'),
        });
  const ready = Promise.all([discover(config, environment.env, logger), watch?.ready]).then(([found]) => {
    discoveredUpstreams = found;
    const current = configHolder.current;
    if (found.length > 0 && current.discoverLocal) {
      const taken = new Set(current.upstreams.map((upstream) => upstream.id));
      configHolder.replace(
        withDiscoveredUpstreams(
          current,
          found.filter((upstream) => !taken.has(upstream.id)),
        ),
      );
    }
    environment.print(
      renderBanner(configHolder.current, {
        listenUrl: url,
        version: SWITCHBOARD_VERSION,
        configPath: config.sourcePath,
        createdDefaultFile: loaded.createdDefaultFile,
        warnings: loaded.warnings,
      }),
    );
  });

  const close = async (graceMs: number = configHolder.current.shutdownGraceMs): Promise<void> => {
    await watch?.close();
    const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
    timer.unref();
    try {
      await app.close();
    } finally {
      clearTimeout(timer);
      await usageWriter?.close();
      if (environment.logger === undefined) await closeLogger(logger);
      await closeDispatchers();
    }
  };
  return { app, configHolder, usage, url, ready, close };
}

async function discover(
  config: SwitchboardConfig,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<UpstreamConfig[]> {
  if (!config.discoverLocal) return [];
  try {
    const taken = new Set(config.upstreams.map((upstream) => upstream.id));
    const found = await discoverLocalServers(defaultLocalProbes(env, config), taken);
    for (const upstream of found) {
      logger.info(
        { upstream: upstream.id, baseUrl: upstream.baseUrl, models: upstream.models.length },
        'discovered local server',
      );
    }
    return found;
  } catch (error) {
    logger.warn({ error: String(error) }, 'local discovery failed');
    return [];
  }
}

/**
 * `switchboard start`: starts the gateway and stops it gracefully on SIGINT/SIGTERM (in-flight
 * streams get the grace period; a second signal exits at once). Exits 0 after a clean stop.
 */
export async function runStart(options: StartOptions): Promise<void> {
  const gateway = await startGateway(options, {
    env: process.env,
    print: (text) => process.stdout.write(`${text}\n`),
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(0);
    stopping = true;
    process.stderr.write(`Received ${signal}: finishing in-flight requests, then exiting.\n`);
    void gateway.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Reads the `tls` certificate and key (PEM) when HTTPS is enabled.
 * @returns undefined when `tls.enable` is false
 * @throws ConfigError naming `tls.cert` / `tls.key` when a file cannot be read
 */
async function readTlsFiles(config: SwitchboardConfig): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  const { tls } = config;
  if (!tls.enabled || tls.certFile === undefined || tls.keyFile === undefined) return undefined;
  const read = async (file: string, keyPath: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new ConfigError([
        {
          file: config.sourcePath ?? 'config.yaml',
          path: keyPath,
          message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        },
      ]);
    }
  };
  return { cert: await read(tls.certFile, 'tls.cert'), key: await read(tls.keyFile, 'tls.key') };
}
