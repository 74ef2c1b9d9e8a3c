import { assertValidTtl, type JsonValue, type StateEntry, type StateStore } from '../state-store.js';

/** Default bound on live keys; past it the least recently written key is dropped. */
export const MEMORY_STORE_MAX_ENTRIES = 100_000;

/** Options of {@link MemoryStateStore}. */
export interface MemoryStateStoreOptions {
  /** Clock in ms since epoch; `Date.now` by default (tests inject a fake one). */
  readonly now?: () => number;
  /** Most keys held at once (default {@link MEMORY_STORE_MAX_ENTRIES}). */
  readonly maxEntries?: number;
}

interface Slot {
  /** The value as JSON text: callers never share objects with the store, as with Redis. */
  readonly json: string;
  /** Expiry, ms since epoch; `Infinity` when the key has no TTL. */
  readonly expiresAt: number;
}

/**
 * The in-process {@link StateStore}: a `Map` with lazy expiry (an expired key is dropped when read
 * or listed) and a size bound (the oldest-written key goes first). Values are stored as JSON text,
 * so what a caller reads back is a fresh copy, exactly as from Redis. No method awaits anything,
 * so each runs to completion at once and `increment` is atomic within the process; errors reject.
 */
export class MemoryStateStore implements StateStore {
  private readonly slots = new Map<string, Slot>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(options: MemoryStateStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? MEMORY_STORE_MAX_ENTRIES;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${this.maxEntries}.`);
    }
  }

  /** {@inheritDoc StateStore.get} */
  async get(key: string): Promise<JsonValue | undefined> {
    const slot = this.live(key);
    return slot === undefined ? undefined : (JSON.parse(slot.json) as JsonValue);
  }

  /** {@inheritDoc StateStore.set} */
  async set(key: string, value: JsonValue, ttlMs?: number): Promise<void> {
    assertValidTtl(ttlMs);
    this.write(key, JSON.stringify(value), ttlMs === undefined ? Infinity : this.now() + ttlMs);
  }

  /** {@inheritDoc StateStore.delete} */
  async delete(key: string): Promise<void> {
    this.slots.delete(key);
  }

  /** {@inheritDoc StateStore.increment} */
  async increment(key: string, by: number, ttlMs?: number): Promise<number> {
    assertValidTtl(ttlMs);
    const slot = this.live(key);
    if (slot === undefined) {
      this.write(key, JSON.stringify(by), ttlMs === undefined ? Infinity : this.now() + ttlMs);
      return by;
    }
    const current: unknown = JSON.parse(slot.json);
    if (typeof current !== 'number') {
      throw new TypeError(`State-store key '${key}' does not hold a number.`);
    }
    const next = current + by;
    this.write(key, JSON.stringify(next), slot.expiresAt);
    return next;
  }

  /** {@inheritDoc StateStore.deleteByPrefix} */
  async deleteByPrefix(prefix: string): Promise<number> {
    let removed = 0;
    for (const key of [...this.slots.keys()]) {
      if (!key.startsWith(prefix)) continue;
      if (this.live(key) !== undefined) removed += 1;
      this.slots.delete(key);
    }
    return removed;
  }

  /** {@inheritDoc StateStore.entries} */
  async entries(prefix: string): Promise<readonly StateEntry[]> {
    const found: StateEntry[] = [];
    for (const key of [...this.slots.keys()]) {
      if (!key.startsWith(prefix)) continue;
      const slot = this.live(key);
      if (slot !== undefined) found.push({ key, value: JSON.parse(slot.json) as JsonValue });
    }
    return found;
  }

  /** Live keys right now (expired ones not yet dropped are not counted). For tests and metrics. */
  size(): number {
    const now = this.now();
    let count = 0;
    for (const slot of this.slots.values()) if (slot.expiresAt > now) count += 1;
    return count;
  }

  private live(key: string): Slot | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt > this.now()) return slot;
    this.slots.delete(key);
    return undefined;
  }

  private write(key: string, json: string, expiresAt: number): void {
    // Re-inserting moves the key to the end of the Map's order: the first key is the stalest write.
    this.slots.delete(key);
    this.slots.set(key, { json, expiresAt });
    while (this.slots.size > this.maxEntries) {
      const oldest = this.slots.keys().next();
      if (oldest.done === true) break;
      this.slots.delete(oldest.value);
    }
  }
}
