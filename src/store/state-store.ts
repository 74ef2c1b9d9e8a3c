/**
 * The store behind every piece of mutable routing state (cooldowns, health, round-robin counters,
 * session affinity). Config compiles once into an immutable route table; what changes per request
 * lives here, so that one instance keeps it in memory and several instances can share it in Redis
 * (DESIGN.md, "Config compiles once").
 *
 * Values are small JSON records: an implementation may serialise them (Redis does), so callers never
 * rely on object identity and narrow what they read back. Keys are plain strings; callers namespace
 * them (`health:cred:…`, `pool:rr:…`) so that {@link StateStore.deleteByPrefix} can clear one family.
 */

/** A JSON value: what a store can hold. */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One stored entry, as {@link StateStore.entries} lists it. */
export interface StateEntry {
  readonly key: string;
  readonly value: JsonValue;
}

/**
 * Async key–value store of small JSON records with per-key expiry.
 *
 * TTLs are in ms and measured on the store's own clock; `undefined` means "no expiry". An expired
 * key reads as absent. Implementations: `memory/memory-state-store.ts` (default, one process);
 * Redis later (`GET`/`SET PX`/`DEL`, `INCRBY` + `PEXPIRE … NX`, `SCAN MATCH prefix*`).
 */
export interface StateStore {
  /** The value at `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<JsonValue | undefined>;

  /**
   * Stores `value` at `key`, replacing any value and TTL.
   * @param ttlMs lifetime in ms (> 0), or `undefined` to keep it until deleted
   * @throws RangeError when `ttlMs` is not a positive finite number
   */
  set(key: string, value: JsonValue, ttlMs?: number): Promise<void>;

  /** Removes `key`; a missing key is no error. */
  delete(key: string): Promise<void>;

  /**
   * Atomically adds `by` to the number at `key` and returns the new value. An absent (or expired)
   * key starts at 0 and gets `ttlMs`; an existing key keeps its expiry (Redis `INCRBY` semantics).
   * @throws TypeError when the key holds something other than a number
   * @throws RangeError when `ttlMs` is given and not a positive finite number
   */
  increment(key: string, by: number, ttlMs?: number): Promise<number>;

  /** Removes every key starting with `prefix`; resolves to how many were removed. */
  deleteByPrefix(prefix: string): Promise<number>;

  /** Every live entry whose key starts with `prefix` (order unspecified), for status APIs. */
  entries(prefix: string): Promise<readonly StateEntry[]>;
}

/**
 * Validates a TTL argument the same way in every implementation.
 * @throws RangeError when `ttlMs` is defined and not a positive finite number of ms
 */
export function assertValidTtl(ttlMs: number | undefined): void {
  if (ttlMs === undefined) return;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`A state-store TTL must be a positive number of ms, got ${ttlMs}.`);
  }
}
