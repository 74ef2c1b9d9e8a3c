import type { GatewayMetrics } from '../observability/metrics.js';
import type { SecretRegistry } from '../observability/secret-registry.js';
import type { ConfigHolder } from '../config/config-holder.js';
import type { ConfigReloader } from '../config/reload-config.js';
import type { CredentialHealth } from '../routing/credential-health.js';
import type { SwitchboardConfig } from '../config/switchboard-config.js';
import type { Logger } from '../observability/logger.js';
import type { UsageLog } from '../observability/usage-log.js';
import {
  authenticate,
  createInboundKeySet,
  type InboundAuth,
  type InboundKeySet,
} from './middleware/authenticate.js';
import type { IncomingHttpHeaders } from 'node:http';

/** What every route handler needs: the live config, the logger and the credential health. */
export interface GatewayContext {
  readonly configHolder: ConfigHolder;
  readonly logger: Logger;
  /** Cooldowns, blocks and counters of credentials and upstreams (behind a state store). */
  readonly health: CredentialHealth;
  /** Where every finished generation request's usage record goes (exactly once per request). */
  readonly usage: UsageLog;
  /**
   * Switchboard's home directory (`SWITCHBOARD_HOME`, default `~/.switchboard`): the management
   * API's auth files live in `auth-dir`, else `<home>/auth`. Absent (tests): only `auth-dir`.
   */
  readonly home?: string | undefined;
  /**
   * Applies `config.yaml` (hot reload, issue 6): the file watcher and the management API's writes
   * (`PUT /config.yaml`, `/api-keys`) go through it. Absent: the config cannot be edited through
   * the management API (those routes answer 409).
   */
  readonly configReloader?: ConfigReloader | undefined;
  /** Prometheus metrics (`GET /metrics`); absent in tests that build a bare context. */
  readonly metrics?: GatewayMetrics | undefined;
  /** Every configured secret: upstream error texts are scrubbed with it before they reach a client. */
  readonly secrets?: SecretRegistry | undefined;
}

/** A request admitted by inbound auth, with the config snapshot it runs on from start to end. */
export interface AdmittedRequest {
  readonly config: SwitchboardConfig;
  readonly auth: InboundAuth;
}

const keySets = new WeakMap<SwitchboardConfig, InboundKeySet>();

/**
 * Takes the config snapshot for a request and checks its inbound key.
 * @param queryKey the `key` query parameter (Gemini clients), if any
 * @throws AuthenticationError (401) on a missing or wrong key
 */
export function admitRequest(
  context: GatewayContext,
  headers: IncomingHttpHeaders,
  queryKey?: string,
): AdmittedRequest {
  const config = context.configHolder.current;
  let keys = keySets.get(config);
  if (!keys) {
    keys = createInboundKeySet(config.apiKeys);
    keySets.set(config, keys);
  }
  return { config, auth: authenticate(headers, keys, queryKey) };
}
