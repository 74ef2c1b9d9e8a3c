// A bare Fastify instance carrying only the management scope (issue 6), set up as `buildApp` sets
// up the gateway's (bodies as raw bytes), for `app.inject` tests of the management routes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { ConfigHolder } from '../../src/config/config-holder.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createConfigReloader, type ConfigReloader } from '../../src/config/reload-config.js';
import type { SwitchboardConfig } from '../../src/config/switchboard-config.js';
import { createLogger } from '../../src/observability/logger.js';
import { UsageLog } from '../../src/observability/usage-log.js';
import { CredentialHealth } from '../../src/routing/credential-health.js';
import type { GatewayContext } from '../../src/server/gateway-context.js';
import type { ManagementAuthOptions } from '../../src/server/middleware/authenticate-management.js';
import { registerManagementScope } from '../../src/server/routes/management-scope.js';
import { MemoryStateStore } from '../../src/store/memory/memory-state-store.js';

/** The plain management secret the test configs carry. */
export const MANAGEMENT_KEY = 'test-management-secret';

/** Headers presenting {@link MANAGEMENT_KEY}. */
export const MANAGEMENT_HEADERS = { authorization: `Bearer ${MANAGEMENT_KEY}` } as const;

/** Options of {@link buildManagementApp}. */
export interface ManagementAppOptions {
  /** The served config; its `remoteManagement.secretKey` defaults to {@link MANAGEMENT_KEY} by the caller. */
  readonly config: SwitchboardConfig;
  readonly holder?: ConfigHolder | undefined;
  readonly reloader?: ConfigReloader | undefined;
  readonly home?: string | undefined;
  readonly auth?: ManagementAuthOptions | undefined;
  readonly extra?: ((scope: FastifyInstance) => void) | undefined;
}

/** A config's `remoteManagement` with the test secret (and `allowRemote` as given). */
export function withManagementSecret(
  config: SwitchboardConfig,
  secretKey: string | undefined = MANAGEMENT_KEY,
  allowRemote = false,
): SwitchboardConfig {
  return { ...config, remoteManagement: { allowRemote, disableControlPanel: false, secretKey } };
}

/** Builds the app; close it after the test. */
export function buildManagementApp(options: ManagementAppOptions): {
  app: FastifyInstance;
  context: GatewayContext;
} {
  const context: GatewayContext = {
    configHolder: options.holder ?? new ConfigHolder(options.config),
    logger: createLogger({ level: 'silent' }),
    health: new CredentialHealth(new MemoryStateStore()),
    usage: new UsageLog(),
    home: options.home,
    configReloader: options.reloader,
  };
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  registerManagementScope(app, context, options.extra, options.auth);
  return { app, context };
}

/** A management app over a real config file in a temporary home, with a real reloader. */
export interface ManagementFixture {
  readonly app: FastifyInstance;
  readonly context: GatewayContext;
  readonly holder: ConfigHolder;
  readonly reloader: ConfigReloader;
  /** The temporary home (auth files go to `<home>/auth`). */
  readonly home: string;
  /** `<home>/config.yaml` */
  readonly file: string;
  close(): Promise<void>;
}

/**
 * Writes `yaml` to `<temporary home>/config.yaml` (mode 0600), loads it as `startGateway` does and
 * builds the management app over it with a reloader (no discovered servers). The file's secret is
 * the caller's: put `remote-management.secret-key: <MANAGEMENT_KEY>` in `yaml`.
 */
export async function startManagementFixture(yaml: string): Promise<ManagementFixture> {
  const home = await mkdtemp(path.join(tmpdir(), 'switchboard-management-'));
  const file = path.join(home, 'config.yaml');
  await writeFile(file, yaml, { mode: 0o600 });
  const holder = new ConfigHolder((await loadConfig({ configPath: file, home, env: {} })).config);
  const reloader = createConfigReloader({
    configPath: file,
    env: {},
    holder,
    logger: createLogger({ level: 'silent' }),
    discovered: () => [],
  });
  const { app, context } = buildManagementApp({ config: holder.current, holder, reloader, home });
  return {
    app,
    context,
    holder,
    reloader,
    home,
    file,
    async close() {
      await app.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
