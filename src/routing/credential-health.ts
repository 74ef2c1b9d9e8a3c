import type { StateStore } from '../store/state-store.js';
import type { FailureAction } from './cooldown-policy.js';
import type { UpstreamCredential } from './credential.js';
import {
  availabilityOf,
  clearRotationState,
  modelOf,
  prune,
  pushStatus,
  toCredentialRecord,
  toUpstreamRecord,
  type Availability,
  type CredentialHealthRecord,
  type StatusSample,
  type UpstreamHealthRecord,
} from './credential-health-record.js';
import { remainingFraction, type ResponseHeaders } from './parse-rate-limit-headers.js';

export type { Availability, CredentialHealthRecord, StatusSample } from './credential-health-record.js';

/** How long a credential's record outlives its last write (statuses stay visible), ms. */
export const HEALTH_RECORD_RETENTION_MS = 24 * 3_600_000;
/** Successes closer together than this (ms) are noted once in the status history. */
export const SUCCESS_COALESCE_MS = 1_000;
/** How long a success counter (for `usageLimit`) lives after its first success, ms. */
export const USAGE_COUNTER_TTL_MS = 24 * 3_600_000;

/** What the pool needs of one credential in one read. */
export interface CredentialState {
  readonly credential: UpstreamCredential;
  readonly availability: Availability;
  readonly remainingFraction?: number | undefined;
  readonly remainingSeenAt?: number | undefined;
  readonly lastStatus?: StatusSample | undefined;
  /** Successes since the usage counter last reset (read only for credentials with a `usageLimit`). */
  readonly successes: number;
}

/** Status-API view: credential records (expired state dropped) and upstreams cooling now. */
export interface HealthSnapshot {
  readonly credentials: readonly (CredentialHealthRecord & { readonly credentialId: string })[];
  readonly upstreams: readonly (UpstreamHealthRecord & { readonly upstreamId: string })[];
}

/** Identifies one event of one credential: ids, the upstream model (if known), and the time. */
export interface HealthEvent {
  readonly credentialId: string;
  readonly upstreamId: string;
  readonly model?: string | undefined;
  /** ms since epoch */
  readonly now: number;
}

const CREDENTIAL_PREFIX = 'health:cred:';
const UPSTREAM_PREFIX = 'health:up:';
const USAGE_PREFIX = 'usage:';

/**
 * Credential and upstream health on top of a {@link StateStore}. Records are keyed by credential id,
 * which changes with the key or proxy, so cooldowns never outlive a config change of the credential.
 * Writes are read-modify-write, one at a time per credential within the process (two failures of
 * one credential in the same tick both land: a 429's cooldown never erases a 401's block); the
 * success counter uses the store's atomic `increment`.
 */
export class CredentialHealth {
  /** Per credential id: the last of its queued record updates (see {@link CredentialHealth.#update}). */
  readonly #updates = new Map<string, Promise<void>>();

  /**
   * Per (credential, model): when a success last found nothing to change, ms. Within
   * {@link SUCCESS_COALESCE_MS} of it a further plain success (no usage count, no rate-limit
   * headers) returns without even reading the store. Any failure of the credential forgets it.
   */
  readonly #cleanSuccessAt = new Map<string, number>();

  constructor(readonly store: StateStore) {}

  /**
   * A 2xx answer: clears the backoff level and the model's cooldown, notes the status and the
   * rate-limit headers, and counts the success when `countSuccess` (a credential with a usage
   * limit). When nothing would change — no backoff, no entry for the model, no rate-limit headers,
   * and a 200 already noted in the last {@link SUCCESS_COALESCE_MS} — nothing is written: under load
   * the hot path then only reads.
   */
  async recordSuccess(
    event: HealthEvent & { status?: number; headers?: ResponseHeaders; countSuccess?: boolean },
  ): Promise<void> {
    if (event.countSuccess === true) {
      await this.store.increment(USAGE_PREFIX + event.credentialId, 1, USAGE_COUNTER_TTL_MS);
    }
    const cleanKey = `${event.credentialId}\u0000${event.model ?? ''}`;
    const reportsHeadroom = event.headers !== undefined && remainingFraction(event.headers) !== undefined;
    const cleanAt = this.#cleanSuccessAt.get(cleanKey);
    if (
      !reportsHeadroom &&
      (event.status ?? 200) === 200 &&
      cleanAt !== undefined &&
      event.now - cleanAt < SUCCESS_COALESCE_MS
    ) {
      return;
    }
    await this.#update(event.credentialId, () => this.#applySuccess(event, cleanKey, reportsHeadroom));
  }

  async #applySuccess(
    event: HealthEvent & { status?: number; headers?: ResponseHeaders },
    cleanKey: string,
    reportsHeadroom: boolean,
  ): Promise<void> {
    const record = await this.credentialRecord(event.credentialId, event.upstreamId, event.now);
    const status = event.status ?? 200;
    const last = record.lastStatuses[record.lastStatuses.length - 1];
    const unchanged =
      record.backoffLevel === 0 &&
      (event.model === undefined || record.models[event.model] === undefined) &&
      last !== undefined &&
      last.status === status &&
      event.now - last.at < SUCCESS_COALESCE_MS &&
      !reportsHeadroom;
    if (unchanged) {
      if (this.#cleanSuccessAt.size > 10_000) this.#cleanSuccessAt.clear();
      this.#cleanSuccessAt.set(cleanKey, event.now);
      return;
    }
    record.backoffLevel = 0;
    if (event.model !== undefined) delete record.models[event.model];
    pushStatus(record, status, event.now);
    if (event.headers !== undefined) noteRemaining(record, event.headers, event.now);
    await this.saveCredential(event.credentialId, record, event.now);
  }

  /**
   * A failed attempt, classified by `classifyFailure`: applies the action to the credential (per
   * model or whole) or to the upstream, and notes the status (`undefined` = no answer, kept as 0).
   */
  async recordFailure(
    event: HealthEvent & { action: FailureAction; status?: number | undefined },
  ): Promise<void> {
    for (const key of this.#cleanSuccessAt.keys()) {
      if (key.startsWith(`${event.credentialId}\u0000`)) this.#cleanSuccessAt.delete(key);
    }
    await this.#update(event.credentialId, () => this.#applyFailure(event));
  }

  async #applyFailure(
    event: HealthEvent & { action: FailureAction; status?: number | undefined },
  ): Promise<void> {
    const { action, now, model } = event;
    const until = now + action.durationMs;
    const record = await this.credentialRecord(event.credentialId, event.upstreamId, now);
    pushStatus(record, event.status ?? 0, now);
    if (action.kind === 'cooldown') {
      record.backoffLevel += 1;
      if (action.scope === 'credential-model' && model !== undefined)
        modelOf(record, model).cooldownUntil = until;
      else record.cooldownUntil = until;
    } else if (action.kind === 'blocked') {
      record.blockedUntil = until;
      record.blockedReason = action.reason;
    } else if (action.kind === 'model-unavailable' && model !== undefined) {
      Object.assign(modelOf(record, model), { unavailableUntil: until, reason: action.reason });
    } else if (action.kind === 'upstream-cooldown' && action.durationMs > 0) {
      const value: UpstreamHealthRecord = { cooldownUntil: until, reason: action.reason };
      await this.store.set(UPSTREAM_PREFIX + event.upstreamId, value, action.durationMs);
    }
    await this.saveCredential(event.credentialId, record, now);
  }

  /** Notes how close to a rate limit the credential is (only when the headers report it). */
  async recordRateLimitHeaders(event: HealthEvent & { headers: ResponseHeaders }): Promise<void> {
    if (remainingFraction(event.headers) === undefined) return;
    await this.#update(event.credentialId, async () => {
      const record = await this.credentialRecord(event.credentialId, event.upstreamId, event.now);
      noteRemaining(record, event.headers, event.now);
      await this.saveCredential(event.credentialId, record, event.now);
    });
  }

  /** The credential's current backoff level (input of `classifyFailure`); 0 when unknown. */
  async backoffLevel(credentialId: string): Promise<number> {
    return toCredentialRecord(await this.store.get(CREDENTIAL_PREFIX + credentialId), '').backoffLevel;
  }

  /** Whether the credential can serve `model` on `upstreamId` at `now`. */
  async availability(
    credential: UpstreamCredential,
    upstreamId: string,
    model: string | undefined,
    now: number,
  ): Promise<Availability> {
    const [state] = await this.inspect([credential], upstreamId, model, now);
    return state?.availability ?? { available: true };
  }

  /** Availability, rate-limit headroom, last status and success count of each credential, in order. */
  async inspect(
    credentials: readonly UpstreamCredential[],
    upstreamId: string,
    model: string | undefined,
    now: number,
  ): Promise<CredentialState[]> {
    const upstream = toUpstreamRecord(await this.store.get(UPSTREAM_PREFIX + upstreamId));
    return Promise.all(
      credentials.map(async (credential): Promise<CredentialState> => {
        const record = toCredentialRecord(
          await this.store.get(CREDENTIAL_PREFIX + credential.id),
          upstreamId,
        );
        const usage =
          (credential.usageLimit ?? 0) > 0 ? await this.store.get(USAGE_PREFIX + credential.id) : 0;
        return {
          credential,
          availability: availabilityOf(record, upstream, model, now),
          remainingFraction: record.remainingFraction,
          remainingSeenAt: record.remainingSeenAt,
          lastStatus: record.lastStatuses.at(-1),
          successes: typeof usage === 'number' ? usage : 0,
        };
      }),
    );
  }

  /** Restarts the usage counters (`usageLimit`) of these credentials. */
  async resetUsage(credentialIds: readonly string[]): Promise<void> {
    await Promise.all(credentialIds.map((id) => this.store.delete(USAGE_PREFIX + id)));
  }

  /**
   * Clears what keeps credentials and upstreams out of rotation: cooldowns (whole and per model),
   * blocks, model unavailability and the backoff level of credentials, and upstream cooldowns.
   * Scope: one credential (`credentialId`; with `upstreamId` too, only when it belongs to that
   * upstream; never its upstream's cooldown), one upstream (`upstreamId`: its cooldown and every
   * credential recorded for it, keyless ones included), or everything when neither is given.
   * Status history, rate-limit headroom and usage counters are kept.
   * @param scope.now ms since epoch: state that has ended by then is not counted
   * @returns how many credentials and upstreams had something to clear
   */
  async resetCooldowns(scope: { upstreamId?: string; credentialId?: string; now: number }): Promise<number> {
    const { upstreamId, credentialId, now } = scope;
    let cleared = 0;
    const ids =
      credentialId === undefined
        ? (await this.store.entries(CREDENTIAL_PREFIX)).map((entry) =>
            entry.key.slice(CREDENTIAL_PREFIX.length),
          )
        : [credentialId];
    for (const id of ids) {
      await this.#update(id, async () => {
        // Read inside the update: a write queued before this one may have changed the record.
        const value = await this.store.get(CREDENTIAL_PREFIX + id);
        if (value === undefined) return;
        const record = prune(toCredentialRecord(value, ''), now);
        if (upstreamId !== undefined && record.upstreamId !== upstreamId) return;
        if (!clearRotationState(record)) return;
        cleared += 1;
        await this.saveCredential(id, record, now);
      });
    }
    if (credentialId !== undefined) return cleared;
    const upstreamKeys =
      upstreamId === undefined
        ? (await this.store.entries(UPSTREAM_PREFIX)).map((entry) => entry.key)
        : [UPSTREAM_PREFIX + upstreamId];
    for (const key of upstreamKeys) {
      const record = toUpstreamRecord(await this.store.get(key));
      if (record === undefined) continue;
      if (record.cooldownUntil > now) cleared += 1;
      await this.store.delete(key);
    }
    return cleared;
  }

  /** Every credential record (expired state dropped) and every upstream cooling down at `now`. */
  async snapshot(now: number): Promise<HealthSnapshot> {
    const credentials = (await this.store.entries(CREDENTIAL_PREFIX)).map((entry) => ({
      credentialId: entry.key.slice(CREDENTIAL_PREFIX.length),
      ...prune(toCredentialRecord(entry.value, ''), now),
    }));
    const upstreams: (UpstreamHealthRecord & { upstreamId: string })[] = [];
    for (const entry of await this.store.entries(UPSTREAM_PREFIX)) {
      const record = toUpstreamRecord(entry.value);
      if (record !== undefined && record.cooldownUntil > now) {
        upstreams.push({ upstreamId: entry.key.slice(UPSTREAM_PREFIX.length), ...record });
      }
    }
    return { credentials, upstreams };
  }

  /**
   * Runs one read-modify-write of a credential's record after those queued before it for the same
   * credential, so none overwrites another's change. Updates of different credentials run side by
   * side. The update's error is the caller's; the queue goes on.
   */
  async #update(credentialId: string, apply: () => Promise<void>): Promise<void> {
    const before = this.#updates.get(credentialId);
    const run = before === undefined ? apply() : before.then(apply);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#updates.set(credentialId, settled);
    try {
      await run;
    } finally {
      if (this.#updates.get(credentialId) === settled) this.#updates.delete(credentialId);
    }
  }

  private async credentialRecord(
    credentialId: string,
    upstreamId: string,
    now: number,
  ): Promise<CredentialHealthRecord> {
    return prune(toCredentialRecord(await this.store.get(CREDENTIAL_PREFIX + credentialId), upstreamId), now);
  }

  private async saveCredential(
    credentialId: string,
    record: CredentialHealthRecord,
    now: number,
  ): Promise<void> {
    const untils = [record.cooldownUntil ?? 0, record.blockedUntil ?? 0];
    for (const state of Object.values(record.models))
      untils.push(state.cooldownUntil ?? 0, state.unavailableUntil ?? 0);
    const ttlMs = Math.max(
      HEALTH_RECORD_RETENTION_MS,
      Math.max(...untils) - now + HEALTH_RECORD_RETENTION_MS,
    );
    await this.store.set(CREDENTIAL_PREFIX + credentialId, record, ttlMs);
  }
}

function noteRemaining(record: CredentialHealthRecord, headers: ResponseHeaders, now: number): void {
  const fraction = remainingFraction(headers);
  if (fraction === undefined) return;
  record.remainingFraction = fraction;
  record.remainingSeenAt = now;
}
