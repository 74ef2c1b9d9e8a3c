import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startGateway, type RunningGateway } from '../../src/cli/start.js';
import type { SwitchboardConfig } from '../../src/config/switchboard-config.js';
import { createLogger } from '../../src/observability/logger.js';
import { collectConfigSecrets, SecretRegistry } from '../../src/observability/secret-registry.js';
import type { UsageRecord } from '../../src/observability/usage-record.js';

/** A gateway started for one test file: real config file, real server on an ephemeral port. */
export interface TestGateway {
  readonly gateway: RunningGateway;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The temporary SWITCHBOARD_HOME. */
  readonly home: string;
  /**
   * Every JSON log line written so far (level debug), scrubbed of the configured secrets as the
   * gateway's own logger scrubs them. `close()` fails when a configured secret appears in one.
   */
  readonly logLines: string[];
  /** Usage records of the requests served so far, oldest first. */
  readonly usageRecords: () => UsageRecord[];
  /** The banner text printed at start. */
  readonly banner: () => string;
  /**
   * Stops the gateway and removes its home; then sweeps for leaks ({@link assertNoSecretLeak}):
   * throws when a configured secret appears in a log line or a usage record.
   */
  close(): Promise<void>;
}

/** Options of {@link startTestGateway}. */
export interface TestGatewayOptions {
  /** The config.yaml content. `discover-local: false` is appended unless the text sets it. */
  readonly yaml: string;
  /** Environment seen by the config loader (the real process environment is not used). */
  readonly env?: Record<string, string>;
}

/**
 * Starts the gateway the way `switchboard start` does (config file → compile → listen), on
 * 127.0.0.1 with an ephemeral port, with local discovery off and logs captured in memory.
 */
export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const home = await mkdtemp(path.join(tmpdir(), 'switchboard-test-'));
  const configPath = path.join(home, 'config.yaml');
  const yaml = /^discover-local:/m.test(options.yaml)
    ? options.yaml
    : `${options.yaml}\ndiscover-local: false\n`;
  await writeFile(configPath, yaml, { mode: 0o600 });
  await chmod(configPath, 0o600);
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      callback();
    },
  });
  const secrets = new SecretRegistry();
  let printed = '';
  const gateway = await startGateway(
    { config: configPath, host: '127.0.0.1', port: 0 },
    {
      env: { SWITCHBOARD_HOME: home, ...options.env },
      print: (text) => {
        printed += text;
      },
      logger: createLogger({ level: 'debug', destination, secrets }),
      secrets,
    },
  );
  const startConfig = gateway.configHolder.current;
  secrets.replaceFrom(startConfig);
  await gateway.ready;
  return {
    gateway,
    url: gateway.url,
    home,
    logLines,
    usageRecords: () => gateway.usage.records(),
    banner: () => printed,
    async close() {
      try {
        await gateway.close(1000);
      } finally {
        await rm(home, { recursive: true, force: true });
      }
      assertNoSecretLeak([startConfig, gateway.configHolder.current], {
        'log line': logLines,
        'usage record': gateway.usage.records().map((record) => JSON.stringify(record)),
      });
    },
  };
}

/**
 * The suite-wide secret sweep: throws when any secret of `configs` (`collectConfigSecrets`: upstream
 * keys, proxy passwords, inbound keys, the management secret; at least 8 characters) appears in one
 * of the `texts`. The message names where (kind and index) and the secret only masked.
 * @param texts texts by kind, e.g. `{ 'log line': [...] }`
 */
export function assertNoSecretLeak(
  configs: readonly SwitchboardConfig[],
  texts: Readonly<Record<string, readonly string[]>>,
): void {
  const sweep = new SecretRegistry(configs.flatMap((config) => collectConfigSecrets(config)));
  for (const [kind, entries] of Object.entries(texts)) {
    entries.forEach((text, index) => {
      const secret = sweep.find(text);
      if (secret === undefined) return;
      const masked = `${secret.slice(0, 3)}…(${secret.length} characters)`;
      throw new Error(
        `Secret leak: configured secret ${masked} appears in ${kind} #${index}: ${sweep.scrub(text).slice(0, 500)}`,
      );
    });
  }
}
