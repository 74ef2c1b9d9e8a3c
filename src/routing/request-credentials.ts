import {
  CredentialsUnavailableError,
  type UnavailableSummary,
} from '../errors/credentials-unavailable-error.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { UpstreamConfig } from '../config/switchboard-config.js';
import { classifyFailure, type FailureAction, type FailureInput } from './cooldown-policy.js';
import type { UpstreamCredential } from './credential.js';
import type { CredentialHealth } from './credential-health.js';
import { selectCredential, type PoolStrategy, type PoolUnavailable } from './credential-pool.js';
import type { ResponseHeaders } from './parse-rate-limit-headers.js';
import type { RouteTarget } from './route-table.js';

/** What one request needs to pick credentials. */
export interface RequestCredentialsOptions {
  readonly health: CredentialHealth;
  readonly strategy: PoolStrategy;
  /** The conversation's key (`affinityKeyOf`), if any. */
  readonly affinityKey?: string | undefined;
  /** The prefix the request named (`prefix/model`), if any. */
  readonly requestedPrefix?: string | undefined;
  /** The requested model, for the all-unavailable answer. */
  readonly requestedModel: string;
  /** The resolution's candidates (their distinct upstreams decide when all are unavailable). */
  readonly candidates: readonly RouteTarget[];
  /** ms since epoch; injectable for tests. */
  readonly now?: (() => number) | undefined;
}

/**
 * An upstream with the chosen credential applied (`apiKey`, `proxyUrl`), for the transport.
 * @param credential undefined for keyless upstreams (local servers)
 */
export function withCredential(
  upstream: UpstreamConfig,
  credential: UpstreamCredential | undefined,
): UpstreamConfig {
  if (!credential) return upstream;
  return { ...upstream, apiKey: credential.apiKey, proxyUrl: credential.proxyUrl ?? upstream.proxyUrl };
}

/**
 * One request's credential bookkeeping inside the attempt loop:
 * - `pick` chooses the credential of an attempt (`selectCredential`), skipping credentials this
 *   request already saw fail for credential reasons; when a candidate has none left it throws a
 *   retryable skip (the loop moves to the next candidate at once), and when every candidate has
 *   none it throws `CredentialsUnavailableError` (429 `model_cooldown` / 503 `auth_unavailable`);
 * - `failed` classifies a failure with the upstream's cooldown policy and records
 *   credential-scoped actions (429, 401/402/403, 404 model-not-found) at once, so the next
 *   attempt rotates; upstream-wide cooldowns (408/5xx/network) are recorded by `finish` only if
 *   the request fails in the end, so they slow down other requests, not this request's own retry;
 * - `succeeded` clears backoff and notes rate-limit headers (proactive rotation).
 */
export class RequestCredentials {
  private readonly tried = new Map<string, Set<string>>();
  private readonly unavailable = new Map<string, PoolUnavailable>();
  private readonly deferred: {
    upstreamId: string;
    credentialId: string;
    model: string;
    action: FailureAction;
    status?: number | undefined;
  }[] = [];
  /** Distinct (upstream, model) targets among the candidates. */
  private readonly upstreamCount: number;
  private readonly now: () => number;

  constructor(private readonly options: RequestCredentialsOptions) {
    this.upstreamCount = new Set(options.candidates.map((target) => targetKey(target))).size;
    this.now = options.now ?? Date.now;
  }

  /**
   * The credential for an attempt at `target` (undefined for an upstream without credentials).
   * @throws GatewayError (retryable skip) when this candidate has no credential left
   * @throws CredentialsUnavailableError when no candidate has one
   */
  async pick(target: RouteTarget): Promise<UpstreamCredential | undefined> {
    const upstream = target.route.upstream;
    if (upstream.credentials.length === 0) return undefined;
    const selection = await selectCredential({
      upstreamId: upstream.id,
      credentials: upstream.credentials,
      model: target.model,
      requestedPrefix: this.options.requestedPrefix,
      affinityKey: this.options.affinityKey,
      strategy: this.options.strategy,
      health: this.options.health,
      now: this.now(),
      exclude: this.tried.get(targetKey(target)),
    });
    if ('credential' in selection) return selection.credential;
    this.unavailable.set(targetKey(target), selection.unavailable);
    if (this.unavailable.size >= this.upstreamCount) {
      throw new CredentialsUnavailableError(this.options.requestedModel, this.summary());
    }
    throw new GatewayError(
      'upstream_error',
      503,
      `No credential of upstream '${upstream.id}' is available.`,
      {
        retryable: true,
      },
    );
  }

  /**
   * Whether the next attempt at `target` goes to another credential of its upstream (the last
   * failure there was the credential's own and untried credentials remain): then it need not wait.
   */
  rotatesCredential(target: RouteTarget): boolean {
    const upstream = target.route.upstream;
    const tried = this.tried.get(targetKey(target));
    return tried !== undefined && tried.size > 0 && tried.size < upstream.credentials.length;
  }

  /** Records a 2xx answer of an attempt. */
  async succeeded(
    target: RouteTarget,
    credential: UpstreamCredential | undefined,
    headers: ResponseHeaders,
  ): Promise<void> {
    if (!credential) return;
    await this.options.health.recordSuccess({
      credentialId: credential.id,
      upstreamId: target.route.upstream.id,
      model: target.model,
      now: this.now(),
      headers,
    });
  }

  /** Classifies and records a failed attempt (see the class docs for what is deferred). */
  async failed(
    target: RouteTarget,
    credential: UpstreamCredential | undefined,
    failure: FailureInput,
  ): Promise<void> {
    const upstream = target.route.upstream;
    const credentialId = credential?.id ?? `${upstream.id}:keyless`;
    const level = credential ? await this.options.health.backoffLevel(credential.id) : 0;
    const action = classifyFailure(failure, upstream.cooldownPolicy, level, this.now());
    if (action.scope === 'none') return;
    if (action.scope === 'upstream') {
      this.deferred.push({
        upstreamId: upstream.id,
        credentialId,
        model: target.model,
        action,
        status: failure.status,
      });
      return;
    }
    if (!credential) return;
    const tried = this.tried.get(targetKey(target)) ?? new Set<string>();
    tried.add(credential.id);
    this.tried.set(targetKey(target), tried);
    await this.options.health.recordFailure({
      credentialId: credential.id,
      upstreamId: upstream.id,
      model: target.model,
      now: this.now(),
      action,
      status: failure.status,
    });
  }

  /**
   * Ends the request: when it failed, the upstream-wide cooldowns it met are recorded.
   * @param succeeded whether an attempt was accepted
   */
  async finish(succeeded: boolean): Promise<void> {
    if (succeeded) return;
    for (const entry of this.deferred) {
      await this.options.health.recordFailure({ ...entry, now: this.now() });
    }
  }

  private summary(): UnavailableSummary {
    let cooling = 0;
    let blocked = 0;
    let modelUnavailable = 0;
    let upstreamCooling = 0;
    let soonest: number | undefined;
    const recentStatuses: { upstream: string; credential: string; status: number }[] = [];
    for (const [key, summary] of this.unavailable) {
      const upstream = key.slice(0, key.indexOf('\u0000'));
      cooling += summary.cooling;
      blocked += summary.blocked;
      modelUnavailable += summary.modelUnavailable;
      upstreamCooling += summary.upstreamCooling;
      if (summary.soonestRecoveryMs !== undefined)
        soonest = Math.min(soonest ?? Infinity, summary.soonestRecoveryMs);
      for (const entry of summary.recentStatuses) {
        recentStatuses.push({ upstream, credential: entry.credentialId, status: entry.status });
      }
    }
    return {
      cooling,
      blocked,
      modelUnavailable,
      upstreamCooling,
      soonestRecoveryMs: soonest,
      recentStatuses,
    };
  }
}

/**
 * The key of a candidate: upstream and model. Credentials this request saw fail, and candidates
 * found without a credential, are per model, since cooldowns for a 429 or a missing model are per
 * model (a whole-credential block is excluded through its health for every model anyway).
 */
function targetKey(target: RouteTarget): string {
  return `${target.route.upstream.id}\u0000${target.model}`;
}
