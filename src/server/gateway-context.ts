import type { ConfigHolder } from '../config/config-holder.js';
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
