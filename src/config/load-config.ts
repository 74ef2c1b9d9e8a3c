import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Environment } from './apply-env.js';
import { compileConfig } from './compile-config.js';
import { ConfigError } from './config-error.js';
import { DEFAULT_CONFIG_YAML } from './default-config-yaml.js';
import { parseConfigText } from './parse-config-text.js';
import type { RawConfig } from './schema.js';
import type { SwitchboardConfig } from './switchboard-config.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** An explicit config file (`--config`); must exist. Absent: `<home>/config.yaml`, created if missing. */
  readonly configPath?: string | undefined;
  /** Switchboard's home directory (see {@link resolveHome}). */
  readonly home: string;
  /** Environment variables (provider keys, `MODEL*`). */
  readonly env: Environment;
  /** Command-line flags, which win over the file. */
  readonly overrides?: { readonly host?: string | undefined; readonly port?: number | undefined } | undefined;
}

/** What {@link loadConfig} produced. */
export interface LoadedConfig {
  readonly config: SwitchboardConfig;
  /** True when `<home>/config.yaml` did not exist and the default was written. */
  readonly createdDefaultFile: boolean;
  /** For the operator (file permissions, accepted-but-unused keys, env keys skipped); no credentials. */
  readonly warnings: string[];
}

/** Permission bits of a file only its owner may read and write. */
const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIRECTORY_MODE = 0o700;

/**
 * Switchboard's home directory: `SWITCHBOARD_HOME` (a leading `~` is expanded) or `~/.switchboard`.
 * @returns an absolute path.
 */
export function resolveHome(env: Environment): string {
  const configured = env.SWITCHBOARD_HOME?.trim();
  if (configured === undefined || configured === '') return path.join(homedir(), '.switchboard');
  if (configured === '~' || configured.startsWith('~/')) return path.join(homedir(), configured.slice(1));
  return path.resolve(configured);
}

/**
 * Reads, validates and compiles the configuration file.
 * Without `configPath` the file is `<home>/config.yaml`; when it is missing, `home` is created
 * (mode 0700) and {@link DEFAULT_CONFIG_YAML} written there (mode 0600). A file readable by group
 * or others that holds an API key gives a warning, not an error.
 * @throws ConfigError when an explicit `configPath` does not exist, the file cannot be read, or
 *   its content is invalid (see `parseConfigText` and `compileConfig`).
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const file = path.resolve(options.configPath ?? path.join(options.home, 'config.yaml'));
  let createdDefaultFile = false;
  let text = await readConfigFile(file);
  if (text === undefined) {
    if (options.configPath !== undefined) {
      throw new ConfigError([{ file, path: '', message: 'file not found (check the --config path)' }]);
    }
    createdDefaultFile = await writeDefaultFile(options.home, file);
    text = (await readConfigFile(file)) ?? DEFAULT_CONFIG_YAML;
  }
  const { raw, lineOf } = parseConfigText(text, file);
  const warnings: string[] = [];
  const mode = (await stat(file)).mode & 0o777;
  if (process.platform !== 'win32' && (mode & ~PRIVATE_FILE_MODE) !== 0 && holdsApiKey(raw)) {
    warnings.push(
      `${file} holds API keys but is readable by other users (mode ${mode.toString(8).padStart(4, '0')}): run chmod 600 "${file}"`,
    );
  }
  const compiled = compileConfig(raw, {
    env: options.env,
    sourcePath: file,
    overrides: options.overrides,
    lineOf,
  });
  return { config: compiled.config, createdDefaultFile, warnings: [...warnings, ...compiled.warnings] };
}

/** The file's text, or `undefined` when it does not exist. */
async function readConfigFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new ConfigError([
      { file, path: '', message: `cannot read the file (${describeFileError(error)})` },
    ]);
  }
}

/** Writes the default file without replacing one created meanwhile; returns whether it wrote it. */
async function writeDefaultFile(home: string, file: string): Promise<boolean> {
  try {
    await mkdir(path.resolve(home), { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    await writeFile(file, DEFAULT_CONFIG_YAML, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw new ConfigError([
      { file, path: '', message: `cannot create the default config file (${describeFileError(error)})` },
    ]);
  }
}

/** Whether the file holds a credential: inbound keys, or an upstream key in any section. */
function holdsApiKey(raw: RawConfig): boolean {
  const filled = (key: string | null | undefined): boolean => (key?.trim() ?? '') !== '';
  const entries = [
    ...(raw['claude-api-key'] ?? []),
    ...(raw['gemini-api-key'] ?? []),
    ...(raw['codex-api-key'] ?? []),
    ...(raw['openai-compatibility'] ?? []),
  ];
  return (
    (raw['api-keys'] ?? []).length > 0 ||
    entries.some(
      (entry) =>
        filled(entry['api-key']) ||
        (entry['api-key-entries'] ?? []).some((item) => filled(item['api-key'])) ||
        ('api-keys' in entry && (entry['api-keys'] ?? []).some(filled)),
    )
  );
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function describeFileError(error: unknown): string {
  return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
}
