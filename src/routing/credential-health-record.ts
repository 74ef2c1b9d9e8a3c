/**
 * The stored shape of credential and upstream health, its narrowing from untrusted store values,
 * and the pure availability rule. `credential-health.ts` does the reads and writes.
 */

/** How many recent statuses a credential keeps. */
export const STATUS_RING_SIZE = 10;

/** One upstream answer: HTTP status (0 = no answer: network error or timeout), ms since epoch. */
export type StatusSample = { readonly status: number; readonly at: number };

/** Per-model state of a credential; times are ms since epoch. */
export type ModelHealth = { cooldownUntil?: number; unavailableUntil?: number; reason?: string };

/** Everything routing remembers of one credential, stored at `health:cred:<credentialId>`. */
export type CredentialHealthRecord = {
  upstreamId: string;
  /** Consecutive 429 cooldowns without a success (drives the exponential backoff). */
  backoffLevel: number;
  /** Whole-credential cooldown (a 429 not tied to a model), ms since epoch. */
  cooldownUntil?: number;
  blockedUntil?: number;
  blockedReason?: string;
  models: Record<string, ModelHealth>;
  /** Oldest first, at most {@link STATUS_RING_SIZE}. */
  lastStatuses: StatusSample[];
  /** Smallest remaining share of a rate-limit window ([0, 1]) and when it was seen (ms since epoch). */
  remainingFraction?: number;
  remainingSeenAt?: number;
};

/** Whole-upstream cooldown, stored at `health:up:<upstreamId>` until it ends. */
export type UpstreamHealthRecord = { cooldownUntil: number; reason: string };

/** Why a credential cannot take a request, and until when (ms since epoch). */
export type Availability =
  | { readonly available: true }
  | {
      readonly available: false;
      readonly kind: 'cooling' | 'blocked' | 'model-unavailable' | 'upstream-cooling';
      readonly untilMs: number;
    };

/** Reasons in precedence order for equal end times. */
const KINDS = ['blocked', 'model-unavailable', 'upstream-cooling', 'cooling'] as const;

/**
 * Availability from the records: unavailable while any of blocked / model unavailable / upstream
 * cooling / cooling (whole or for the model) lasts; `untilMs` is when all of them have ended, and
 * `kind` the one that ends last (ties: the order of {@link KINDS}).
 */
export function availabilityOf(
  record: CredentialHealthRecord,
  upstream: UpstreamHealthRecord | undefined,
  model: string | undefined,
  now: number,
): Availability {
  const modelState = model === undefined ? undefined : record.models[model];
  const untils: Readonly<Record<(typeof KINDS)[number], number>> = {
    blocked: record.blockedUntil ?? 0,
    'model-unavailable': modelState?.unavailableUntil ?? 0,
    'upstream-cooling': upstream?.cooldownUntil ?? 0,
    cooling: Math.max(record.cooldownUntil ?? 0, modelState?.cooldownUntil ?? 0),
  };
  let worst: { kind: (typeof KINDS)[number]; untilMs: number } | undefined;
  for (const kind of KINDS) {
    const untilMs = untils[kind];
    if (untilMs > now && (worst === undefined || untilMs > worst.untilMs)) worst = { kind, untilMs };
  }
  return worst === undefined ? { available: true } : { available: false, ...worst };
}

/** Appends a status to the ring, dropping the oldest past {@link STATUS_RING_SIZE}. */
export function pushStatus(record: CredentialHealthRecord, status: number, at: number): void {
  record.lastStatuses.push({ status, at });
  if (record.lastStatuses.length > STATUS_RING_SIZE)
    record.lastStatuses.splice(0, record.lastStatuses.length - STATUS_RING_SIZE);
}

/** The record's entry for `model`, created empty when missing. */
export function modelOf(record: CredentialHealthRecord, model: string): ModelHealth {
  const existing = record.models[model];
  if (existing !== undefined) return existing;
  const created: ModelHealth = {};
  record.models[model] = created;
  return created;
}

/** Drops ended cooldowns, blocks and model entries (in place); returns the record. */
export function prune(record: CredentialHealthRecord, now: number): CredentialHealthRecord {
  if ((record.cooldownUntil ?? 0) <= now) delete record.cooldownUntil;
  if ((record.blockedUntil ?? 0) <= now) {
    delete record.blockedUntil;
    delete record.blockedReason;
  }
  for (const [model, state] of Object.entries(record.models)) {
    if ((state.cooldownUntil ?? 0) <= now) delete state.cooldownUntil;
    if ((state.unavailableUntil ?? 0) <= now) {
      delete state.unavailableUntil;
      delete state.reason;
    }
    if (state.cooldownUntil === undefined && state.unavailableUntil === undefined)
      delete record.models[model];
  }
  return record;
}

/**
 * Clears (in place) what keeps a credential out of rotation: whole and per-model cooldowns, the
 * block, model unavailability and the backoff level; statuses and headroom stay. Prune the record
 * first (`prune`) so that ended state does not count.
 * @returns whether anything was set
 */
export function clearRotationState(record: CredentialHealthRecord): boolean {
  const hadState =
    record.backoffLevel > 0 ||
    record.cooldownUntil !== undefined ||
    record.blockedUntil !== undefined ||
    Object.keys(record.models).length > 0;
  record.backoffLevel = 0;
  delete record.cooldownUntil;
  delete record.blockedUntil;
  delete record.blockedReason;
  record.models = {};
  return hadState;
}

/** Narrows a stored value to a credential record (our own writes; unknown shapes start clean). */
export function toCredentialRecord(value: unknown, upstreamId: string): CredentialHealthRecord {
  const fields = isObject(value) ? value : {};
  const record: CredentialHealthRecord = {
    upstreamId: typeof fields.upstreamId === 'string' ? fields.upstreamId : upstreamId,
    backoffLevel: numberOr(fields.backoffLevel) ?? 0,
    models: {},
    lastStatuses: Array.isArray(fields.lastStatuses) ? fields.lastStatuses.filter(isStatusSample) : [],
  };
  for (const name of ['cooldownUntil', 'blockedUntil', 'remainingFraction', 'remainingSeenAt'] as const) {
    const number = numberOr(fields[name]);
    if (number !== undefined) record[name] = number;
  }
  if (typeof fields.blockedReason === 'string') record.blockedReason = fields.blockedReason;
  for (const [model, state] of Object.entries(isObject(fields.models) ? fields.models : {})) {
    if (!isObject(state)) continue;
    const modelHealth: ModelHealth = {};
    const cooldownUntil = numberOr(state.cooldownUntil);
    const unavailableUntil = numberOr(state.unavailableUntil);
    if (cooldownUntil !== undefined) modelHealth.cooldownUntil = cooldownUntil;
    if (unavailableUntil !== undefined) modelHealth.unavailableUntil = unavailableUntil;
    if (typeof state.reason === 'string') modelHealth.reason = state.reason;
    record.models[model] = modelHealth;
  }
  return record;
}

/** Narrows a stored value to an upstream record; `undefined` for anything else. */
export function toUpstreamRecord(value: unknown): UpstreamHealthRecord | undefined {
  if (!isObject(value) || typeof value.cooldownUntil !== 'number') return undefined;
  return { cooldownUntil: value.cooldownUntil, reason: typeof value.reason === 'string' ? value.reason : '' };
}

function isStatusSample(value: unknown): value is StatusSample {
  return isObject(value) && typeof value.status === 'number' && typeof value.at === 'number';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
