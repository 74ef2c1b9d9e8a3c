import { isJsonContainer } from './json-container.js';
import type { MemberBytesCache } from './member-bytes-cache.js';

/** How many levels of plain objects and arrays are serialised member by member (see below). */
const SPLIT_DEPTH = 2;
/**
 * Below this expected size (bytes), a value is stringified whole: for a small Chat Completions
 * request, ~1 µs instead of ~3.7 µs member by member (Node 20). As large as the smallest member
 * `prepare-attempt.ts` caches, so no cached member is given up.
 */
export const WHOLE_BELOW_BYTES = 4096;

/**
 * Serialises a value as UTF-8 JSON bytes: exactly `Buffer.from(JSON.stringify(value), 'utf8')`,
 * in about half the time for a large body with a non-ASCII character in it (a 75 KB Claude Code
 * request: ~140 µs instead of ~250 µs on Node 20).
 *
 * Why: `JSON.stringify` builds its result from parts, and one character above U+00FF turns the
 * whole result into a two-byte string; encoding that (which first flattens it) is slow on Node 20.
 * Here the members of the top two levels of plain objects and arrays are stringified one by one, so
 * only the few pieces that hold such characters are two-byte, and each piece is encoded on its own.
 * Members are written as `JSON.stringify` writes them: own enumerable keys in order; `undefined`,
 * functions and symbols left out of objects and written `null` in arrays; anything with a `toJSON`
 * method, and anything that is not a plain object or an array (a boxed string, a Map…), is handed to
 * `JSON.stringify` whole. Source: ECMA-262 §25.5.2 (`JSON.stringify`: SerializeJSONObject,
 * SerializeJSONArray).
 * With `cache`, the top-level members it names, and the items of the top-level arrays it names,
 * are looked up there first (`MemberBytesCache`: a value equal to a remembered one reuses its
 * bytes) and remembered after encoding.
 * A value expected to be small (`sizeHint` under {@link WHOLE_BELOW_BYTES}) is stringified whole:
 * the split pays for itself on large text only, and no member of a body that small is cached.
 * @param value a JSON value (an upstream request body)
 * @param cache where the bytes of repeated large members are kept (e.g. `tools`, `system`)
 * @param sizeHint the size the text is expected to have, bytes (e.g. that of the client's body it
 *   was made from); unknown by default
 * @returns the UTF-8 bytes of its JSON text
 * @throws TypeError as `JSON.stringify` does (a BigInt, a cycle); `undefined` at the top (which
 *   `JSON.stringify` turns into no text at all) also throws
 */
export function encodeJsonBytes(value: unknown, cache?: MemberCacheUse, sizeHint = Infinity): Buffer {
  if (sizeHint < WHOLE_BELOW_BYTES) {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new TypeError('encodeJsonBytes: the value has no JSON text');
    return Buffer.from(text, 'utf8');
  }
  const pieces: Buffer[] = [];
  writePieces(value, SPLIT_DEPTH, pieces, cache);
  return Buffer.concat(pieces);
}

/** A `MemberBytesCache` for one kind of body: its top-level members are looked up under `scope`. */
export interface MemberCacheUse {
  readonly store: MemberBytesCache;
  /** What the bytes depend on besides the value, e.g. the body's format (`openai-chat`). */
  readonly scope: string;
}

/** The bytes of a top-level member, or of one item of a top-level array, from the cache or encoded (and then remembered). */
function memberBytes(item: unknown, depth: number, key: string, cache: MemberCacheUse): Buffer {
  const cacheKey = `${cache.scope} ${key}`;
  const cached = cache.store.get(cacheKey, item);
  if (cached !== undefined) return cached;
  const pieces: Buffer[] = [];
  writePieces(item, depth, pieces);
  const bytes = Buffer.concat(pieces);
  cache.store.set(cacheKey, item, bytes);
  return bytes;
}

function writePieces(value: unknown, depth: number, pieces: Buffer[], cache?: MemberCacheUse): void {
  if (depth > 0 && typeof value === 'object' && value !== null && isJsonContainer(value)) {
    if (Array.isArray(value)) {
      writeArray(value, pieces, (item) => writePieces(item, depth - 1, pieces));
      return;
    }
    pieces.push(OPEN_OBJECT);
    let first = true;
    for (const key of Object.keys(value)) {
      const item: unknown = (value as Record<string, unknown>)[key];
      if (isSkipped(item)) continue;
      pieces.push(Buffer.from(`${first ? '' : ','}${JSON.stringify(key)}:`, 'utf8'));
      first = false;
      if (cache !== undefined && cache.store.members.has(key))
        pieces.push(memberBytes(item, depth - 1, key, cache));
      else if (cache?.store.itemMembers.has(key) === true && Array.isArray(item) && isJsonContainer(item))
        writeArray(item, pieces, (element, index) =>
          pieces.push(memberBytes(element, depth - 2, `${key}#${index}`, cache)),
        );
      else writePieces(item, depth - 1, pieces);
    }
    pieces.push(CLOSE_OBJECT);
    return;
  }
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new TypeError('encodeJsonBytes: the value has no JSON text');
  pieces.push(Buffer.from(text, 'utf8'));
}

/**
 * An array as `JSON.stringify` writes it: `writeItem` writes each item, `null` stands for what it
 * leaves out. (A top-level array the cache remembers item by item writes each under `key#position`.)
 */
function writeArray(
  items: readonly unknown[],
  pieces: Buffer[],
  writeItem: (item: unknown, index: number) => void,
): void {
  pieces.push(OPEN_ARRAY);
  for (let index = 0; index < items.length; index += 1) {
    if (index > 0) pieces.push(COMMA);
    const item: unknown = items[index];
    if (isSkipped(item)) pieces.push(NULL);
    else writeItem(item, index);
  }
  pieces.push(CLOSE_ARRAY);
}

/** What `JSON.stringify` leaves out of an object (and writes `null` for in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

const OPEN_ARRAY = Buffer.from('[');
const CLOSE_ARRAY = Buffer.from(']');
const OPEN_OBJECT = Buffer.from('{');
const CLOSE_OBJECT = Buffer.from('}');
const COMMA = Buffer.from(',');
const NULL = Buffer.from('null');
