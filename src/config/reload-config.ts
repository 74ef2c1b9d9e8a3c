/**
 * Hot reload of `config.yaml` (issue 6): the file watcher and the management API's writes apply a
 * new file through one reloader. A valid file replaces the served config for requests that start
 * from then on (requests and streams in flight keep the snapshot they were admitted with, see
 * `ConfigHolder`); an invalid one is logged with its issues and the old config keeps serving.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../observability/logger.js';
import { withDiscoveredUpstreams } from '../providers/discover-local.js';
import type { Environment } from './apply-env.js';
import { compileConfig } from './compile-config.js';
import { ConfigError } from './config-error.js';
import type { ConfigHolder } from './config-holder.js';
import type { ConfigApplier, ConfigWriteResult } from './edit-config-file.js';
import { parseConfigText } from './parse-config-text.js';
import { storeManagementSecretHash } from './store-secret-hash.js';
import type { SwitchboardConfig, UpstreamConfig } from './switchboard-config.js';

/** Inputs of {@link createConfigReloader}: what `startGateway` loaded the first config with. */
export interface ConfigReloaderOptions {
  /** The config file (absolute; `config.sourcePath` of the loaded config). */
  readonly configPath: string;
  /** Environment variables, as at start (provider keys, `MODEL*`, `PROVIDER_*`). */
  readonly env: Environment;
  /** The holder requests take their snapshot from. */
  readonly holder: ConfigHolder;
  readonly logger: Logger;
  /** Local servers found at start (merged again into every reloaded config that keeps `discover-local`). */
  readonly discovered: () => readonly UpstreamConfig[];
  /** Command-line `--host` / `--port`, which win over the file as at start. */
  readonly overrides?: { readonly host?: string | undefined; readonly port?: number | undefined } | undefined;
}

/** What a validation of a candidate file text found. */
export type ConfigCheck =
  | { readonly ok: true; readonly config: SwitchboardConfig; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: ConfigError };

/** Applies the config file; the management routes and the watcher share one. */
export interface ConfigReloader extends ConfigApplier {
  /** The watched, edited file (absolute). */
  readonly configPath: string;
  /** Parses and compiles `text` exactly as a reload would (env, overrides); no I/O, nothing applied. */
  check(text: string): ConfigCheck;
  /**
   * Reads the file and, when valid, serves it (serialized; a text identical to the one last
   * applied is a no-op). Invalid: logged as `config reload refused` with its issues, nothing
   * changes. A new plain management secret is then stored hashed.
   */
  reload(): Promise<ConfigWriteResult>;
}

/**
 * Creates the reloader of a running gateway. Settings that only a restart can apply (`host`,
 * `port`, `tls`, `body-limit-mb`) keep their running values, with a warning saying so; a change
 * of `debug` sets the logger's level.
 */
export function createConfigReloader(options: ConfigReloaderOptions): ConfigReloader {
  const { configPath, holder, logger } = options;
  let lastApplied: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const check = (text: string): ConfigCheck => {
    try {
      const { raw, lineOf } = parseConfigText(text, configPath);
      const compiled = compileConfig(raw, {
        env: options.env,
        sourcePath: configPath,
        overrides: options.overrides,
        lineOf,
      });
      return { ok: true, config: compiled.config, warnings: compiled.warnings };
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, error };
      const reason = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        error: new ConfigError([{ file: configPath, path: '', message: `cannot compile: ${reason}` }]),
      };
    }
  };

  const apply = async (): Promise<ConfigWriteResult> => {
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      const refused = new ConfigError([
        { file: configPath, path: '', message: `cannot read the file (${code})` },
      ]);
      logger.error({ issues: refused.issues }, 'config reload refused');
      return { ok: false, error: refused };
    }
    if (text === lastApplied) return { ok: true, warnings: [] };
    const checked = check(text);
    if (!checked.ok) {
      logger.error({ issues: checked.error.issues, file: configPath }, 'config reload refused');
      return checked;
    }
    const previous = holder.current;
    const { config, restartNeeded } = keepListenSettings(checked.config, previous);
    const warnings = [...checked.warnings];
    if (restartNeeded.length > 0) {
      warnings.push(`${restartNeeded.join(', ')} changed: the new value applies after a restart`);
    }
    holder.replace(withDiscovered(config, options.discovered()));
    lastApplied = text;
    if (previous.debug !== config.debug) logger.level = config.debug ? 'debug' : 'info';
    for (const warning of warnings) logger.warn({ file: configPath }, warning);
    logger.info(
      { file: configPath, upstreams: holder.current.upstreams.map((upstream) => upstream.id) },
      'config reloaded',
    );
    try {
      if (await storeManagementSecretHash(configPath, config)) {
        logger.info({ file: configPath }, 'management secret stored hashed');
      }
    } catch (error) {
      logger.warn({ file: configPath, error: String(error) }, 'could not store the management secret hashed');
    }
    return { ok: true, warnings };
  };

  return {
    configPath: path.resolve(configPath),
    check,
    reload() {
      const run = queue.then(apply, apply);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** Settings that cannot change without a restart, named as in `config.yaml`. */
function keepListenSettings(
  next: SwitchboardConfig,
  running: SwitchboardConfig,
): { config: SwitchboardConfig; restartNeeded: string[] } {
  const restartNeeded: string[] = [];
  if (next.host !== running.host) restartNeeded.push('host');
  if (next.port !== running.port) restartNeeded.push('port');
  if (JSON.stringify(next.tls) !== JSON.stringify(running.tls)) restartNeeded.push('tls');
  if (next.bodyLimitBytes !== running.bodyLimitBytes) restartNeeded.push('body-limit-mb');
  if (restartNeeded.length === 0) return { config: next, restartNeeded };
  return {
    config: {
      ...next,
      host: running.host,
      port: running.port,
      tls: running.tls,
      bodyLimitBytes: running.bodyLimitBytes,
    },
    restartNeeded,
  };
}

/** The discovered local servers merged in again (unless `discover-local: false`), minus id clashes. */
function withDiscovered(config: SwitchboardConfig, discovered: readonly UpstreamConfig[]): SwitchboardConfig {
  if (!config.discoverLocal || discovered.length === 0) return config;
  const taken = new Set(config.upstreams.map((upstream) => upstream.id));
  return withDiscoveredUpstreams(
    config,
    discovered.filter((upstream) => !taken.has(upstream.id)),
  );
}
