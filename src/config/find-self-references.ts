import { findProvider } from '../providers/catalog.js';
import type { ConfigIssue } from './config-error.js';
import { isLoopbackHost } from './is-loopback-host.js';
import type { LocateLine } from './parse-config-text.js';
import type { UpstreamConfig } from './switchboard-config.js';

/** Bind addresses meaning "every interface", loopback included. */
const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['', '0.0.0.0', '::']);

/** Where the gateway listens, and how to point at the file's lines. */
export interface GatewayAddress {
  readonly host: string;
  /** 0 = a port the OS picks (no check is possible then). */
  readonly port: number;
  /** The config file's name, for issues about its entries. */
  readonly file: string;
  readonly lineOf: LocateLine;
}

/**
 * Upstreams whose base URL is the gateway's own listen address (the `host` it binds, or a loopback
 * name when it listens on loopback or on every interface, with its port): every request sent there would come back in, forever. Typical cause:
 * `OPENAI_BASE_URL` or a `base-url` copied from a client set up to use this gateway.
 * @returns one issue per such upstream: at the entry's `base-url` line for file entries, naming
 *   the `*_BASE_URL` variable for environment upstreams.
 */
export function findSelfReferences(
  upstreams: readonly UpstreamConfig[],
  gateway: GatewayAddress,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const upstream of upstreams) {
    if (!pointsAtGateway(upstream.baseUrl, gateway)) continue;
    const message = `${upstream.baseUrl} is this gateway's own address: requests sent there would loop. Point it at the upstream instead`;
    if (upstream.source === 'env') {
      const variable = findProvider(upstream.providerId)?.baseUrlEnv ?? upstream.origin;
      issues.push({ file: 'environment', path: variable, message });
    } else {
      const match = /^([a-z-]+)\[(\d+)\]$/.exec(upstream.origin);
      const path = match === null ? [upstream.origin] : [match[1] ?? '', Number(match[2]), 'base-url'];
      issues.push({
        file: gateway.file,
        line: gateway.lineOf(path),
        path: `${upstream.origin}.base-url`,
        message,
      });
    }
  }
  return issues;
}

function pointsAtGateway(baseUrl: string, gateway: GatewayAddress): boolean {
  if (gateway.port === 0) return false;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return false;
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (port !== gateway.port) return false;
  const hostname = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const bound = gateway.host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (hostname === bound) return true;
  const listensOnLoopback = isLoopbackHost(bound) || WILDCARD_HOSTS.has(bound);
  return listensOnLoopback && isLoopbackHost(hostname);
}
