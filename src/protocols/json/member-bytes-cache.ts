import { deepFreeze } from './deep-freeze.js';
import { isJsonContainer } from './json-container.js';

/** What a {@link MemberBytesCache} remembers, and how much. */
export interface MemberBytesOptions {
  /** Top-level member names whose whole value is remembered (e.g. `tools`, `system`). */
  readonly members: ReadonlySet<string>;
  /**
   * Top-level member names holding an array whose items are remembered one by one, by position
   * (e.g. `messages`: every turn of a conversation resends the earlier ones where they were).
   */
  readonly itemMembers?: ReadonlySet<string> | undefined;
  /** Smallest encoding worth remembering, bytes. */
  readonly minBytes: number;
  /** Most values remembered per key (member name or item position, and scope); least recently used out. */
  readonly perKey: number;
  /** Most keys remembered; the oldest key goes first. Default 512. */
  readonly maxKeys?: number | undefined;
  /** Most bytes remembered in all; the oldest keys go first. Default 32 MiB. */
  readonly maxBytes?: number | undefined;
}

interface Entry {
  value: unknown;
  readonly bytes: Buffer;
  /** An equal value that was not this one has already replaced it once. */
  settled: boolean;
}

/**
 * The JSON bytes of large members that repeat from request to request (the `tools` and `system` a
 * client resends every turn, the earlier messages of a conversation, and what an encoder builds
 * from them), so encoding a body whose member equals a remembered one reuses its bytes. Equality
 * is structural and exact for JSON (`jsonEqual`: same keys in the same order, same values),
 * checked first by reference: members built from shared values (`RepeatedMembersParser`'s, and the
 * decoders' and encoders' memoised tools) hold the same objects every time, so the check is short.
 * Used by `encodeJsonBytes`. Not shared between threads; bounded in values per key, keys and bytes.
 */
export class MemberBytesCache {
  /** Top-level member names whose whole value is remembered. */
  readonly members: ReadonlySet<string>;
  /** Top-level member names whose array items are remembered by position. */
  readonly itemMembers: ReadonlySet<string>;
  private readonly entries = new Map<string, Entry[]>();
  private bytesHeld = 0;
  private readonly minBytes: number;
  private readonly perKey: number;
  private readonly maxKeys: number;
  private readonly maxBytes: number;

  constructor(options: MemberBytesOptions) {
    this.members = options.members;
    this.itemMembers = options.itemMembers ?? new Set();
    this.minBytes = options.minBytes;
    this.perKey = options.perKey;
    this.maxKeys = options.maxKeys ?? 512;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  }

  /**
   * The remembered bytes of a value equal to `value` (`jsonEqual`), else `undefined`. The first
   * time an equal value that is not the same reference comes, it replaces the one remembered
   * (deep-frozen): a client's repeated members settle into objects shared from request to request
   * (`RepeatedMembersParser` shares them from the second time it sees them), and the next checks
   * then stop at the first shared object instead of walking the whole member.
   * @param key the cache key, e.g. `openai-chat tools` or `openai-chat messages#3`
   */
  get(key: string, value: unknown): Buffer | undefined {
    const list = this.entries.get(key);
    if (list === undefined) return undefined;
    for (let index = 0; index < list.length; index += 1) {
      const entry = list[index] as Entry;
      if (!jsonEqual(entry.value, value)) continue;
      if (entry.value !== value && !entry.settled) {
        entry.value = deepFreeze(value);
        entry.settled = true;
      }
      if (index > 0) list.unshift(...list.splice(index, 1));
      return entry.bytes;
    }
    return undefined;
  }

  /**
   * Remembers `bytes` as the encoding of `value` under `key` (when large enough). The value is
   * deep-frozen: bytes that no longer matched a changed value would be sent for its old text.
   * Drops the oldest keys while over `maxKeys` or `maxBytes`.
   */
  set(key: string, value: unknown, bytes: Buffer): void {
    if (bytes.length < this.minBytes || bytes.length > this.maxBytes) return;
    const list = this.entries.get(key) ?? [];
    list.unshift({ value: deepFreeze(value), bytes, settled: false });
    this.bytesHeld += bytes.length;
    while (list.length > this.perKey) this.bytesHeld -= (list.pop() as Entry).bytes.length;
    this.entries.set(key, list);
    while (this.entries.size > this.maxKeys || this.bytesHeld > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      for (const entry of this.entries.get(oldest) ?? []) this.bytesHeld -= entry.bytes.length;
      this.entries.delete(oldest);
    }
  }

  /** Bytes of every remembered encoding. */
  get heldBytes(): number {
    return this.bytesHeld;
  }
}

/**
 * Whether two values have the same JSON text, decided without writing it: the same reference, the
 * same primitive (`===`), or arrays / plain objects with the same keys in the same order and equal
 * members. Anything else (a `toJSON` object, a Map, an `undefined` member that `JSON.stringify`
 * would leave out) counts as different unless it is the same reference: a miss, never a wrong hit.
 */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return false;
    for (let index = 0; index < left.length; index += 1) {
      const item: unknown = left[index];
      if (item === undefined || !jsonEqual(item, right[index])) return false;
    }
    return true;
  }
  if (Array.isArray(right) || !isJsonContainer(left) || !isJsonContainer(right)) return false;
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  for (let index = 0; index < leftKeys.length; index += 1) {
    const key = leftKeys[index] as string;
    if (key !== rightKeys[index]) return false;
    const item = (left as Record<string, unknown>)[key];
    if (item === undefined || !jsonEqual(item, (right as Record<string, unknown>)[key])) return false;
  }
  return true;
}
