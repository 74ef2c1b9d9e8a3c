import os from 'node:os';
import path from 'node:path';
import type { Environment } from './apply-env.js';
import { BOOLEAN_WORDS } from './compile-thinking.js';
import { nonEmpty } from './compile-upstream-fields.js';
import type { ConfigIssue } from './config-error.js';
import type { LocateLine } from './parse-config-text.js';
import type { RawConfig } from './schema.js';
import type { RawPayload } from './schema-operations.js';
import type {
  LoggingConfig,
  PayloadRule,
  PayloadRules,
  RemoteManagementConfig,
  TlsConfig,
  UpstreamFormat,
} from './switchboard-config.js';

/** The operator's settings compiled from the file and environment, plus the problems found. */
export interface CompiledOperations {
  readonly tls: TlsConfig;
  readonly remoteManagement: RemoteManagementConfig;
  readonly payload: PayloadRules;
  readonly logging: LoggingConfig;
  readonly usageStatisticsEnabled: boolean;
  readonly authDir?: string | undefined;
  readonly issues: ConfigIssue[];
}

/** Where the compiled file came from, to resolve relative paths and locate issues. */
export interface OperationsContext {
  readonly env: Environment;
  /** The config file's path (relative `tls` paths are resolved against its folder). */
  readonly file: string;
  readonly lineOf: LocateLine;
}

const MIB = 1024 * 1024;

/** CLIProxyAPI protocol names (and Switchboard's format names) → the upstream wire format. */
const PROTOCOL_FORMATS: Readonly<Record<string, UpstreamFormat>> = {
  claude: 'anthropic',
  anthropic: 'anthropic',
  openai: 'openai-chat',
  'openai-chat': 'openai-chat',
  codex: 'openai-responses',
  'openai-responses': 'openai-responses',
  gemini: 'gemini',
};

/**
 * Compiles `tls`, `remote-management`, `payload`, `logging-to-file`, `logs-max-total-size-mb`,
 * `usage-statistics-enabled` and `auth-dir` (seed 002), and the `LOG_RAW_API_PAYLOADS` /
 * `LOG_RAW_SSE_EVENTS` variables (seed 004). Pure: no file is read.
 * Issues: `tls.enable` without `cert` or `key`; a `-raw` payload value that is not JSON text;
 * a raw-logging variable that is not a boolean word.
 */
export function compileOperations(raw: RawConfig, context: OperationsContext): CompiledOperations {
  const issues: ConfigIssue[] = [];
  const folder = path.dirname(path.resolve(context.file));
  const issue = (keyPath: (string | number)[], message: string): void => {
    issues.push({ file: context.file, line: context.lineOf(keyPath), path: keyPath.join('.'), message });
  };

  const rawTls = raw.tls;
  const enabled = rawTls?.enable === true;
  const cert = nonEmpty(rawTls?.cert);
  const key = nonEmpty(rawTls?.key);
  if (enabled && cert === undefined)
    issue(['tls', 'cert'], 'tls.enable is true: expected the path of a PEM certificate');
  if (enabled && key === undefined)
    issue(['tls', 'key'], 'tls.enable is true: expected the path of a PEM private key');
  const tls: TlsConfig = enabled
    ? { enabled, certFile: resolvePath(folder, cert), keyFile: resolvePath(folder, key) }
    : { enabled: false };

  const management = raw['remote-management'];
  const remoteManagement: RemoteManagementConfig = {
    allowRemote: management?.['allow-remote'] === true,
    secretKey: nonEmpty(management?.['secret-key']),
    disableControlPanel: management?.['disable-control-panel'] === true,
  };

  const logging: LoggingConfig = {
    toFile: raw['logging-to-file'] === true,
    maxTotalSizeBytes: Math.round((raw['logs-max-total-size-mb'] ?? 0) * MIB),
    rawApiPayloads: readFlag(context.env, 'LOG_RAW_API_PAYLOADS', issues),
    rawSseEvents: readFlag(context.env, 'LOG_RAW_SSE_EVENTS', issues),
  };

  return {
    tls,
    remoteManagement,
    payload: compilePayload(raw.payload, issue),
    logging,
    usageStatisticsEnabled: raw['usage-statistics-enabled'] ?? true,
    authDir: expandHome(nonEmpty(raw['auth-dir'])),
    issues,
  };
}

function compilePayload(
  raw: RawPayload | null | undefined,
  issue: (keyPath: (string | number)[], message: string) => void,
): PayloadRules {
  const section = (name: keyof RawPayload, isRaw: boolean): PayloadRule[] =>
    (raw?.[name] ?? []).map((rule, ruleIndex) => ({
      models: rule.models.map((model) => ({
        name: model.name,
        format: model.protocol == null ? undefined : PROTOCOL_FORMATS[model.protocol],
      })),
      params: Object.entries(rule.params).map(([jsonPath, value]) => {
        if (!isRaw) return { path: jsonPath, value };
        if (typeof value !== 'string') {
          issue(['payload', name, ruleIndex, 'params', jsonPath], 'expected JSON text (a string)');
          return { path: jsonPath, value };
        }
        try {
          return { path: jsonPath, value: JSON.parse(value) as unknown };
        } catch {
          issue(['payload', name, ruleIndex, 'params', jsonPath], 'expected valid JSON text');
          return { path: jsonPath, value };
        }
      }),
    }));
  return {
    defaults: [...section('default', false), ...section('default-raw', true)],
    overrides: [...section('override', false), ...section('override-raw', true)],
  };
}

function readFlag(env: Environment, name: string, issues: ConfigIssue[]): boolean {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return false;
  const value = BOOLEAN_WORDS[text.toLowerCase()];
  if (value !== undefined) return value;
  issues.push({
    file: 'environment',
    path: name,
    message: `expected true/false/1/0/yes/no, found '${text}'`,
  });
  return false;
}

function resolvePath(folder: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  return path.resolve(folder, expandHome(file) ?? file);
}

function expandHome(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  if (file === '~') return os.homedir();
  if (file.startsWith('~/')) return path.join(os.homedir(), file.slice(2));
  return file;
}
