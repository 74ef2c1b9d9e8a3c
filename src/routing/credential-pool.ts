import { LRUCache } from 'lru-cache';
import type { CredentialHealth, CredentialState } from './credential-health.js';
import type { UpstreamCredential } from './credential.js';

/** How long a conversation stays tied to its credential after its last request, ms. */
export const AFFINITY_TTL_MS = 3_600_000;
/** Below this remaining share of a rate-limit window a credential counts as nearly exhausted. */
export const LOW_REMAINING_FRACTION = 0.05;
/** How recent a remaining-share reading must be to count, ms. */
export const REMAINING_FRESH_MS = 60_000;
/** Lifetime of a round-robin position counter after its first use, ms. */
export const ROUND_ROBIN_TTL_MS = 24 * 3_600_000;

/** `round-robin`: even spread by weight. `fill-first`: the first available credential in config order. */
export type PoolStrategy = 'round-robin' | 'fill-first';

/** Inputs of {@link selectCredential}. */
export interface SelectCredentialInput {
  readonly upstreamId: string;
  /** The upstream's credentials, in config order. */
  readonly credentials: readonly UpstreamCredential[];
  /** The model id sent upstream (cooldowns and model unavailability are per model). */
  readonly model?: string | undefined;
  /** The prefix the request used (`prefix/model`), if any. */
  readonly requestedPrefix?: string | undefined;
  /**
   * The conversation's key (`affinityKeyOf`), if any; a function is called only when the choice
   * is between several credentials (hashing the leading prompt is not free).
   */
  readonly affinityKey?: string | (() => string | undefined) | undefined;
  readonly strategy: PoolStrategy;
  readonly health: CredentialHealth;
  /** ms since epoch */
  readonly now: number;
  /** Credential ids already tried by this request. */
  readonly exclude?: ReadonlySet<string> | undefined;
}

/**
 * Why no credential can take the request. The caller answers 429 `model_cooldown` when
 * `allCoolingDown`, else 503 `auth_unavailable`, with `Retry-After` from `soonestRecoveryMs`
 * (CLIProxyAPI's behaviour, seeds/001).
 */
export interface PoolUnavailable {
  /** Credentials in a 429 cooldown (whole or for this model). */
  readonly cooling: number;
  /** Credentials blocked after 401/402/403. */
  readonly blocked: number;
  /** Credentials on which this model was not found. */
  readonly modelUnavailable: number;
  /** Credentials whose upstream is cooling down after 408/5xx/network errors. */
  readonly upstreamCooling: number;
  /** Credentials healthy but already tried by this request. */
  readonly tried: number;
  /** True when at least one credential is cooling and every other count is 0. */
  readonly allCoolingDown: boolean;
  /** ms from `now` until the first unavailable credential recovers; unset when none will by itself. */
  readonly soonestRecoveryMs?: number;
  /** The same moment, ms since epoch. */
  readonly soonestRecoveryAt?: number;
  /** Last status of each credential that has one, newest first (0 = no answer). */
  readonly recentStatuses: readonly { credentialId: string; status: number; at: number }[];
}

/** A chosen credential, or why there is none. */
export type PoolSelection =
  { readonly credential: UpstreamCredential } | { readonly unavailable: PoolUnavailable };

/**
 * Picks the credential for one attempt. Rules, in order:
 * 1. prefix gating: a credential with a `prefix` serves only requests made with that prefix; one
 *    without serves the rest (and prefixed requests when no credential claims that prefix);
 * 2. only available credentials (no cooldown, block, model unavailability, upstream cooldown) not
 *    in `exclude`;
 * 3. the highest `priority` tier with such a credential;
 * 4. proactive rotation: a credential whose remaining share (seen within {@link REMAINING_FRESH_MS})
 *    is below {@link LOW_REMAINING_FRACTION} is used only when no other in the tier has more;
 * 5. usage limits: a credential with `successes ≥ usageLimit` is passed over; when every credential
 *    left is past its limit their counters reset together, so fill-first rotates A,A,B,B,C,C,A…
 *    (resetting on the first pass-over would bounce back to A after one request);
 * 6. affinity: the conversation's credential when it is still among those left;
 * 7. else round-robin (smooth weighted round-robin on a store counter, atomic in Redis too) or
 *    fill-first (first left in config order). The conversation is then tied to the pick for
 *    {@link AFFINITY_TTL_MS}.
 * @returns the credential, or counts of why none is available
 */
export async function selectCredential(input: SelectCredentialInput): Promise<PoolSelection> {
  const { health, now, exclude } = input;
  const gated = servingPrefix(input.credentials, input.requestedPrefix);
  const states = await health.inspect(gated, input.upstreamId, input.model, now);
  const candidates = states.filter(
    (state) => state.availability.available && exclude?.has(state.credential.id) !== true,
  );
  if (candidates.length === 0) return { unavailable: summarize(states, now) };

  const top = Math.max(...candidates.map((state) => state.credential.priority));
  const tier = preferHeadroom(
    candidates.filter((state) => state.credential.priority === top),
    now,
  );
  const left = await applyUsageLimits(tier, health);
  const credentials = left.map((state) => state.credential);
  // One credential left: nothing to choose, nothing to remember.
  if (credentials.length === 1 && credentials[0] !== undefined) return { credential: credentials[0] };

  const conversation = typeof input.affinityKey === 'function' ? input.affinityKey() : input.affinityKey;
  const affinityKey =
    conversation === undefined ? undefined : `pool:affinity:${input.upstreamId}:${conversation}`;
  const tiedId = affinityKey === undefined ? undefined : await health.store.get(affinityKey);
  let chosen = credentials.find((credential) => credential.id === tiedId);
  if (chosen === undefined) {
    if (input.strategy === 'fill-first') chosen = credentials[0];
    else {
      const counterKey = `pool:rr:${input.upstreamId}:${input.requestedPrefix ?? ''}:${top}`;
      const position = await health.store.increment(counterKey, 1, ROUND_ROBIN_TTL_MS);
      const sequence = weightedSequence(credentials.map((credential) => credential.weight));
      chosen = credentials[sequence[(position - 1) % sequence.length] ?? 0];
    }
  }
  if (chosen === undefined) throw new Error('selectCredential: no credential left after filtering');
  if (affinityKey !== undefined) await health.store.set(affinityKey, chosen.id, AFFINITY_TTL_MS);
  return { credential: chosen };
}

/** Credentials allowed to serve a request made with `requestedPrefix` (see rule 1). */
export function servingPrefix(
  credentials: readonly UpstreamCredential[],
  requestedPrefix: string | undefined,
): UpstreamCredential[] {
  const claimed = requestedPrefix !== undefined && credentials.some((c) => c.prefix === requestedPrefix);
  return credentials.filter((credential) =>
    credential.prefix === undefined ? !claimed : credential.prefix === requestedPrefix,
  );
}

const sequences = new LRUCache<string, Uint32Array>({ max: 256 });

/**
 * The smooth weighted round-robin order (nginx's algorithm) for these weights, one cycle long:
 * position n of the cycle names the index picked at the n-th request. Weights are rounded and
 * clamped to 1…1000 and divided by their gcd; memoised per weight list.
 * Example: weights [1, 2, 3] → [2, 1, 0, 2, 1, 2]… in a cycle of 6 with counts 1:2:3.
 */
export function weightedSequence(weights: readonly number[]): Uint32Array {
  const normalised = weights.map((weight) => Math.min(1000, Math.max(1, Math.round(weight))));
  const divisor = normalised.reduce(gcd, 0) || 1;
  const reduced = normalised.map((weight) => weight / divisor);
  const memoKey = reduced.join(',');
  const cached = sequences.get(memoKey);
  if (cached !== undefined) return cached;
  const total = reduced.reduce((sum, weight) => sum + weight, 0);
  const current = reduced.map(() => 0);
  const sequence = new Uint32Array(Math.max(1, total));
  for (let step = 0; step < total; step += 1) {
    let best = 0;
    for (let index = 0; index < reduced.length; index += 1) {
      current[index] = (current[index] ?? 0) + (reduced[index] ?? 0);
      if ((current[index] ?? 0) > (current[best] ?? 0)) best = index;
    }
    current[best] = (current[best] ?? 0) - total;
    sequence[step] = best;
  }
  sequences.set(memoKey, sequence);
  return sequence;
}

/** Drops nearly exhausted credentials unless none has more headroom (rule 4). */
function preferHeadroom(tier: readonly CredentialState[], now: number): CredentialState[] {
  const headroom = (state: CredentialState): number =>
    state.remainingFraction !== undefined &&
    state.remainingSeenAt !== undefined &&
    now - state.remainingSeenAt <= REMAINING_FRESH_MS
      ? state.remainingFraction
      : 1;
  const healthy = tier.filter((state) => headroom(state) >= LOW_REMAINING_FRACTION);
  if (healthy.length > 0) return healthy;
  const most = Math.max(...tier.map(headroom));
  return tier.filter((state) => headroom(state) === most);
}

/** Passes over credentials past their usage limit; resets the counters when all are (rule 5). */
async function applyUsageLimits(
  tier: readonly CredentialState[],
  health: CredentialHealth,
): Promise<readonly CredentialState[]> {
  const spent = (state: CredentialState): boolean =>
    (state.credential.usageLimit ?? 0) > 0 && state.successes >= (state.credential.usageLimit ?? 0);
  const fresh = tier.filter((state) => !spent(state));
  if (fresh.length > 0) return fresh;
  await health.resetUsage(tier.map((state) => state.credential.id));
  return tier;
}

function summarize(states: readonly CredentialState[], now: number): PoolUnavailable {
  const counts = { cooling: 0, blocked: 0, modelUnavailable: 0, upstreamCooling: 0, tried: 0 };
  let soonest: number | undefined;
  for (const { availability } of states) {
    if (availability.available) {
      counts.tried += 1;
      continue;
    }
    if (availability.kind === 'cooling') counts.cooling += 1;
    else if (availability.kind === 'blocked') counts.blocked += 1;
    else if (availability.kind === 'model-unavailable') counts.modelUnavailable += 1;
    else counts.upstreamCooling += 1;
    soonest = Math.min(soonest ?? Infinity, availability.untilMs);
  }
  const recentStatuses = states
    .flatMap(({ credential, lastStatus }) =>
      lastStatus === undefined
        ? []
        : [{ credentialId: credential.id, status: lastStatus.status, at: lastStatus.at }],
    )
    .sort((a, b) => b.at - a.at);
  const { cooling, blocked, modelUnavailable, upstreamCooling, tried } = counts;
  return {
    ...counts,
    allCoolingDown: cooling > 0 && blocked + modelUnavailable + upstreamCooling + tried === 0,
    ...(soonest === undefined ? {} : { soonestRecoveryMs: soonest - now, soonestRecoveryAt: soonest }),
    recentStatuses,
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
