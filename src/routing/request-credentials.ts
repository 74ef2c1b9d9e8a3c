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
  /** The conversation's key (`affinityKeyOf`), if any; a function is called only when needed. */
  readonly affinityKey?: string | (() => string | undefined) | undefined;
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
  /** Distinct (upstream, model) targets among the current stage's candidates. */
  private upstreamCount: number;
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
    const select = (exclude: ReadonlySet<string> | undefined) =>
      selectCredential({
        upstreamId: upstream.id,
        credentials: upstream.credentials,
        model: target.model,
        requestedPrefix: this.options.requestedPrefix,
        affinityKey: this.options.affinityKey,
        strategy: this.options.strategy,
        health: this.options.health,
        now: this.now(),
        exclude,
      });
    const tried = this.tried.get(targetKey(target));
    let selection = await select(tried);
    // Untried credentials come first; once none is left, one that failed earlier in this request
    // and has recovered since (a short 429 cooldown) may take the retry.
    if (!('credential' in selection) && tried !== undefined && tried.size > 0)
      selection = await select(undefined);
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
      countSuccess: credential.usageLimit !== undefined,
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
   * The error a failed request answers with: when the last failure was a credential's rejection
   * (401, 402, 403) and now no credential of any of `candidates` is available, 503
   * `auth_unavailable` (seed 001) carrying the upstream's message, instead of the upstream status:
   * an upstream's 401 would make a client (Claude Code) believe its own key is wrong. Otherwise
   * `error` (a last 429 keeps the upstream's own message and Retry-After).
   * @param candidates the targets of the stage that failed last
   */
  async explainFailure(error: unknown, candidates: readonly RouteTarget[]): Promise<unknown> {
    if (!(error instanceof GatewayError) || ![401, 402, 403].includes(error.status)) return error;
    if (!candidates.some((target) => target.route.upstream.credentials.length > 0)) return error;
    this.startStage(candidates);
    for (const target of candidates) {
      try {
        await this.pick(target);
        return error;
      } catch (caught) {
        if (caught instanceof CredentialsUnavailableError) {
          return new CredentialsUnavailableError(this.options.requestedModel, this.summary(), error.message);
        }
      }
    }
    return error;
  }

  /**
   * Starts a new stage of candidates (a preview or fallback model): "every candidate unavailable"
   * is judged over the new stage's candidates from now on.
   * @param candidates the stage's targets
   */
  startStage(candidates: readonly RouteTarget[]): void {
    this.unavailable.clear();
    this.upstreamCount = new Set(candidates.map((target) => targetKey(target))).size;
  }

  /**
   * Ends the request and records the upstream-wide cooldowns it met, except those of the upstream
   * that answered in the end (another credential of it succeeded, so the upstream is up).
   * @param answeredBy id of the upstream whose answer was accepted; undefined when the request failed
   */
  async finish(answeredBy: string | undefined): Promise<void> {
    for (const entry of this.deferred) {
      if (entry.upstreamId === answeredBy) continue;
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
