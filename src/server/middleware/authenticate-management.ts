/**
 * Authentication of the management API (`/v0/management`, seed 002 "Management API" and "Security
 * Best Practices", issue 6), CLIProxyAPI's rules: the key comes as `Authorization: Bearer <key>` or
 * `X-Management-Key: <key>` and is checked against `remote-management.secret-key` (plain on first
 * start, then its stored hash); no secret = the API is disabled; callers from other machines are
 * refused unless `allow-remote: true`; repeated wrong keys from one address get it banned a while.
 */
import { isLoopbackHost } from '../../config/is-loopback-host.js';
import { isIP } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import { verifyManagementSecret } from '../../config/management-secret.js';
import type { RemoteManagementConfig } from '../../config/switchboard-config.js';
import { AuthenticationError, GatewayError } from '../../errors/gateway-error.js';

/** Failed-attempt limits of the management API, per client address (ms, counts). */
export const MANAGEMENT_AUTH_LIMITS = {
  /** Wrong or missing keys within {@link windowMs} that ban the address. */
  maxFailures: 5,
  /** Window in which failures are counted, ms. */
  windowMs: 10 * 60_000,
  /** How long a banned address is refused (429), ms: CLIProxyAPI's 30 minutes. */
  banMs: 30 * 60_000,
  /** Addresses tracked at most (expired entries are dropped first, then the oldest). */
  trackedClients: 10_000,
} as const;

/** What the check needs of a request. */
export interface ManagementRequest {
  readonly headers: IncomingHttpHeaders;
  /** The socket's peer address (never `X-Forwarded-For`); undefined once the socket is gone. */
  readonly remoteAddress: string | undefined;
}

/** Options of {@link createManagementAuthenticator}. */
export interface ManagementAuthOptions {
  /** Clock, ms since epoch (tests). */
  readonly now?: (() => number) | undefined;
  readonly limits?: Partial<typeof MANAGEMENT_AUTH_LIMITS> | undefined;
}

/** Checks one request; resolves when it may use the management API. */
export type ManagementAuthenticator = (request: ManagementRequest) => Promise<void>;

interface FailureState {
  /** Failure times inside the window, ms since epoch. */
  failures: number[];
  bannedUntil: number;
}

/**
 * Creates the management API's check, holding the failed-attempt counts of each client address.
 * Order: no secret → 404 `not_found` (the API is disabled); a non-loopback caller without
 * `allow-remote` → 403 `permission`; a banned address → 429 `rate_limited` with `Retry-After` (the
 * ban's remaining seconds; even a right key is refused); no key or a wrong key → 401
 * `authentication`, counted (the `maxFailures`-th failure within `windowMs` bans the address for
 * `banMs`); a right key clears that address's failures only. Loopback callers are counted too.
 * @param remoteManagement the current `remote-management` settings (read on every request, so a
 *   reload applies at once)
 * @throws (the returned function rejects with) GatewayError as above
 */
export function createManagementAuthenticator(
  remoteManagement: () => RemoteManagementConfig,
  options: ManagementAuthOptions = {},
): ManagementAuthenticator {
  const now = options.now ?? Date.now;
  const limits = { ...MANAGEMENT_AUTH_LIMITS, ...options.limits };
  const clients = new Map<string, FailureState>();

  const fail = (client: string, error: GatewayError): GatewayError => {
    const at = now();
    const state = clients.get(client) ?? { failures: [], bannedUntil: 0 };
    clients.delete(client);
    state.failures = state.failures.filter((time) => time > at - limits.windowMs);
    state.failures.push(at);
    if (state.failures.length >= limits.maxFailures) {
      state.bannedUntil = at + limits.banMs;
      state.failures = [];
    }
    clients.set(client, state);
    if (clients.size > limits.trackedClients) forgetSome(clients, at, limits);
    return error;
  };

  return async (request) => {
    const settings = remoteManagement();
    const secret = settings.secretKey ?? '';
    if (secret === '') {
      throw new GatewayError(
        'not_found',
        404,
        'The management API is disabled: set remote-management.secret-key in config.yaml.',
      );
    }
    if (!settings.allowRemote && !isLoopbackAddress(request.remoteAddress)) {
      throw new GatewayError(
        'permission',
        403,
        'Remote management is disabled: the management API answers loopback callers only unless remote-management.allow-remote is true.',
      );
    }
    const client = request.remoteAddress ?? 'unknown';
    const state = clients.get(client);
    const at = now();
    if (state !== undefined && state.bannedUntil > at) {
      const seconds = Math.max(1, Math.ceil((state.bannedUntil - at) / 1000));
      throw new GatewayError(
        'rate_limited',
        429,
        `Too many failed management key attempts from this address; try again in ${seconds} s.`,
        { retryAfterSeconds: seconds },
      );
    }
    const presented = presentedKey(request.headers);
    if (presented === undefined) {
      throw fail(
        client,
        new AuthenticationError(
          'Missing management key: send Authorization: Bearer <key> or X-Management-Key: <key>.',
        ),
      );
    }
    if (!(await verifyManagementSecret(presented, secret))) {
      throw fail(client, new AuthenticationError('Invalid management key.'));
    }
    clients.delete(client);
  };
}

/**
 * The key a request presents: `X-Management-Key`, else the token of `Authorization: Bearer …`.
 * @returns undefined when neither is present (or empty)
 */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-management-key'];
  const direct = (Array.isArray(header) ? header[0] : header)?.trim();
  if (direct !== undefined && direct !== '') return direct;
  const match = /^\s*bearer\s+(.+?)\s*$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/**
 * Whether a socket's remote address is a loopback address: `127.0.0.0/8`, `::1`, or an
 * IPv4-mapped `::ffff:127.x.y.z`.
 * @param address `socket.remoteAddress` (undefined once the socket is gone: not loopback)
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  // A socket's remote address is an IP literal; the bind-address check already knows loopback.
  return address !== undefined && isIP(address.replace(/^::ffff:/i, '')) !== 0 && isLoopbackHost(address);
}

/** Drops addresses with no ban and no failure in the window, then the oldest entries (Map order). */
function forgetSome(
  clients: Map<string, FailureState>,
  at: number,
  limits: { readonly windowMs: number; readonly trackedClients: number },
): void {
  for (const [client, state] of clients) {
    if (state.bannedUntil <= at && state.failures.every((time) => time <= at - limits.windowMs)) {
      clients.delete(client);
    }
  }
  const excess = clients.size - limits.trackedClients;
  let dropped = 0;
  for (const client of clients.keys()) {
    if (dropped >= excess) break;
    clients.delete(client);
    dropped += 1;
  }
}
