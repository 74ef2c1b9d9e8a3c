import { deepFreeze } from './deep-freeze.js';
import { isJsonContainer } from './json-container.js';

/**
 * The JSON bytes of large top-level members that repeat from request to request (the `tools` and
 * `system` a client resends every turn, and what an encoder builds from them), so encoding a body
 * whose member equals a remembered one reuses its bytes. Equality is structural and exact for
 * JSON (`jsonEqual`: same keys in the same order, same values), checked first by reference: a
 * member built from `RepeatedMembersParser`'s shared values holds the same strings and schema
 * objects every time, so the check is a short walk. Used by `encodeJsonBytes`.
 * Not shared between threads; bounded: `perKey` values per member name and cache key.
 */
export class MemberBytesCache {
  private readonly entries = new Map<string, { value: unknown; readonly bytes: Buffer }[]>();

  /**
   * @param members the top-level member names worth remembering (e.g. `tools`, `system`)
   * @param minBytes smallest encoding worth remembering, bytes
   * @param perKey most values remembered per member name and cache key (least recently used out)
   */
  constructor(
    readonly members: ReadonlySet<string>,
    private readonly minBytes: number,
    private readonly perKey: number,
  ) {}

  /**
   * The remembered bytes of a value equal to `value` (`jsonEqual`), else `undefined`. An equal
   * value that is not the same reference replaces the one remembered (deep-frozen): the values a
   * client's repeated members are built from settle into objects shared from request to request
   * (`RepeatedMembersParser` shares them from the second time it sees them), so the next check
   * stops at the first shared object instead of walking the whole member again.
   * @param key the cache key and member name, e.g. `openai-chat tools`
   */
  get(key: string, value: unknown): Buffer | undefined {
    const list = this.entries.get(key);
    if (list === undefined) return undefined;
    for (let index = 0; index < list.length; index += 1) {
      const entry = list[index] as { value: unknown; readonly bytes: Buffer };
      if (!jsonEqual(entry.value, value)) continue;
      if (entry.value !== value) entry.value = deepFreeze(value);
      if (index > 0) list.unshift(...list.splice(index, 1));
      return entry.bytes;
    }
    return undefined;
  }

  /**
   * Remembers `bytes` as the encoding of `value` under `key` (when large enough). The value is
   * deep-frozen: bytes that no longer matched a changed value would be sent for its old text.
   */
  set(key: string, value: unknown, bytes: Buffer): void {
    if (bytes.length < this.minBytes) return;
    const list = this.entries.get(key) ?? [];
    list.unshift({ value: deepFreeze(value), bytes });
    if (list.length > this.perKey) list.length = this.perKey;
    this.entries.set(key, list);
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
