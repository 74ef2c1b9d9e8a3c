import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileConfig } from './compile-config.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';

const FILE = '/etc/switchboard/config.yaml';

function compile(text: string, env: Record<string, string> = {}) {
  const { raw, lineOf } = parseConfigText(text, FILE);
  return compileConfig(raw, { env, sourcePath: FILE, lineOf }).config;
}

function issues(text: string, env: Record<string, string> = {}): string[] {
  try {
    compile(text, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('compileOperations', () => {
  it('resolves tls paths against the config folder and ~', () => {
    const config = compile('tls:\n  enable: true\n  cert: certs/server.pem\n  key: ~/keys/server.key\n');
    expect(config.tls).toEqual({
      enabled: true,
      certFile: '/etc/switchboard/certs/server.pem',
      keyFile: path.join(os.homedir(), 'keys/server.key'),
    });
  });

  it('needs cert and key when tls is enabled', () => {
    expect(issues('tls:\n  enable: true\n')).toEqual([
      'tls.cert: tls.enable is true: expected the path of a PEM certificate',
      'tls.key: tls.enable is true: expected the path of a PEM private key',
    ]);
  });

  it('reads remote-management, logging, usage and auth-dir', () => {
    const config = compile(
      [
        'remote-management:',
        '  allow-remote: true',
        '  secret-key: "s3cret"',
        'logging-to-file: true',
        'logs-max-total-size-mb: 2',
        'usage-statistics-enabled: false',
        'auth-dir: "~/.cli-proxy-api"',
      ].join('\n'),
      { LOG_RAW_API_PAYLOADS: 'yes', LOG_RAW_SSE_EVENTS: '0' },
    );
    expect(config.remoteManagement).toEqual({
      allowRemote: true,
      secretKey: 's3cret',
      disableControlPanel: false,
    });
    expect(config.logging).toEqual({
      toFile: true,
      maxTotalSizeBytes: 2 * 1024 * 1024,
      rawApiPayloads: true,
      rawSseEvents: false,
    });
    expect(config.usageStatisticsEnabled).toBe(false);
    expect(config.authDir).toBe(path.join(os.homedir(), '.cli-proxy-api'));
  });

  it('refuses a raw-logging variable that is not a boolean word', () => {
    expect(issues('', { LOG_RAW_SSE_EVENTS: 'maybe' })).toEqual([
      "LOG_RAW_SSE_EVENTS: expected true/false/1/0/yes/no, found 'maybe'",
    ]);
  });

  it('compiles payload rules, mapping protocols and parsing raw values', () => {
    const config = compile(
      [
        'payload:',
        '  default:',
        '    - models: [{ name: "gemini-*", protocol: gemini }]',
        '      params: { generationConfig.thinkingConfig.thinkingBudget: 32768 }',
        '  default-raw:',
        '    - models: [{ name: "gpt-*", protocol: codex }]',
        '      params: { response_format: \'{"type":"json_object"}\' }',
        '  override:',
        '    - models: [{ name: "*" }]',
        '      params: { temperature: 0.2 }',
      ].join('\n'),
    );
    expect(config.payload).toEqual({
      defaults: [
        {
          models: [{ name: 'gemini-*', format: 'gemini' }],
          params: [{ path: 'generationConfig.thinkingConfig.thinkingBudget', value: 32768 }],
        },
        {
          models: [{ name: 'gpt-*', format: 'openai-responses' }],
          params: [{ path: 'response_format', value: { type: 'json_object' } }],
        },
      ],
      overrides: [
        { models: [{ name: '*', format: undefined }], params: [{ path: 'temperature', value: 0.2 }] },
      ],
    });
  });

  it('refuses raw payload values that are not JSON text', () => {
    expect(
      issues('payload:\n  override-raw:\n    - models: [{ name: m }]\n      params: { a: "{not json" }\n'),
    ).toEqual(['payload.override-raw.0.params.a: expected valid JSON text']);
  });
});
