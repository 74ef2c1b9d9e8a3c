import { decodeJsonText } from './decode-json-text.js';
import { deepFreeze } from './deep-freeze.js';

/** Settings of a {@link RepeatedMembersParser}. */
export interface RepeatedMembersOptions {
  /** Top-level members that repeat from request to request (e.g. `system`, `tools`). */
  readonly keys: readonly string[];
  /** Smallest run of such members worth remembering, bytes (smaller bodies are parsed whole). */
  readonly minBytes: number;
  /** Most runs remembered (least recently used forgotten first). */
  readonly maxEntries: number;
}

/** A remembered run of members: their bytes, what follows them, and their parsed (frozen) values. */
interface Entry {
  /** From the `,` before the run's first key to the `,` after its last value (or to the final `}`). */
  readonly bytes: Buffer;
  /** The key right after the run; `undefined` when the run ends the object. */
  readonly nextKey: string | undefined;
  readonly members: readonly (readonly [string, unknown])[];
}

/**
 * Parses JSON request bodies, remembering the bytes and values of their large top-level members
 * that repeat from request to request: a client such as Claude Code resends the same `system` and
 * `tools` (60 KB and more) with every turn. A body whose run of those members is byte for byte a
 * remembered one has only the rest parsed (its prefix up to the run, and its suffix after it); the
 * run's values are the remembered ones, deep-frozen and shared between requests. The result equals
 * `JSON.parse(decodeJsonText(body))`: same keys, same order, same values (the shared ones frozen).
 *
 * Why it is exact: the prefix is parsed as `prefix + '}'` and the suffix as `'{' + suffix`; both
 * parse only when the run sits between two members of the top-level object (a `,` at depth 1),
 * so the body is those members, then the run (bytes already parsed), then the rest.
 * Anything else — no remembered run, a prefix or suffix that does not parse, a `__proto__` key —
 * is parsed whole, as before. Source: RFC 8259 §4 (objects: members separated by `,`).
 */
export class RepeatedMembersParser {
  private readonly keys: ReadonlySet<string>;
  private entries: Entry[] = [];
  /**
   * Bodies parsed whole since the last remembered run was used. Learning a run costs about one
   * more parse, so a client whose run changes every time (a timestamp in its system prompt) would
   * pay it on every request: past `2 × maxEntries` such bodies, only every `LEARN_EVERY`th learns.
   */
  private missesSinceHit = 0;

  constructor(private readonly options: RepeatedMembersOptions) {
    this.keys = new Set(options.keys);
  }

  /**
   * @param body the request body (UTF-8 JSON)
   * @returns the parsed value, as `JSON.parse` gives it
   * @throws SyntaxError as `JSON.parse` does when the body is not JSON
   */
  parse(body: Buffer): unknown {
    if (body.length >= this.options.minBytes) {
      const remembered = this.parseRemembered(body);
      if (remembered !== undefined) return remembered;
    }
    const json: unknown = JSON.parse(decodeJsonText(body));
    if (body.length >= this.options.minBytes && isPlainObject(json) && this.shouldLearn()) {
      this.learn(body, json);
    }
    return json;
  }

  private shouldLearn(): boolean {
    this.missesSinceHit += 1;
    return this.missesSinceHit <= 2 * this.options.maxEntries || this.missesSinceHit % LEARN_EVERY === 0;
  }

  /** The body parsed around a remembered run, or `undefined` when none fits. */
  private parseRemembered(body: Buffer): Record<string, unknown> | undefined {
    const finders = new Map<string | undefined, RunEnds>();
    for (let index = 0; index < this.entries.length; index += 1) {
      const entry = this.entries[index] as Entry;
      let ends = finders.get(entry.nextKey);
      if (ends === undefined) {
        ends = new RunEnds(body, entry.nextKey);
        finders.set(entry.nextKey, ends);
      }
      for (let nth = 0, end = ends.get(0); end >= 0; nth += 1, end = ends.get(nth)) {
        const start = end - entry.bytes.length;
        if (start < 1 || !body.subarray(start, end).equals(entry.bytes)) continue;
        const around = parseAround(body, start, end, entry.nextKey === undefined);
        if (around === undefined) return undefined;
        this.missesSinceHit = 0;
        // Most recently used first.
        if (index > 0) this.entries = [entry, ...this.entries.filter((other) => other !== entry)];
        const result: Record<string, unknown> = {};
        for (const key of Object.keys(around.prefix)) result[key] = around.prefix[key];
        for (const [key, value] of entry.members) result[key] = value;
        for (const key of Object.keys(around.suffix)) result[key] = around.suffix[key];
        return result;
      }
    }
    return undefined;
  }

  /** Remembers the body's first run of repeated members, when it is large enough and can be located. */
  private learn(body: Buffer, json: Record<string, unknown>): void {
    const keys = Object.keys(json);
    const first = keys.findIndex((key) => this.keys.has(key));
    if (first < 0) return;
    let last = first;
    while (last + 1 < keys.length && this.keys.has(keys[last + 1] as string)) last += 1;
    const runKeys = keys.slice(first, last + 1);
    const nextKey = keys[last + 1];
    const ends = new RunEnds(body, nextKey);
    for (let nth = 0, end = ends.get(0); end >= 0; nth += 1, end = ends.get(nth)) {
      if (this.learnRun(body, runKeys, nextKey, end)) return;
    }
  }

  /** Remembers the run ending at `end` when it can be located and parsed; false when not. */
  private learnRun(
    body: Buffer,
    runKeys: readonly string[],
    nextKey: string | undefined,
    end: number,
  ): boolean {
    // The run's first key: its first few occurrences (a nested member of that name may come first).
    const needle = memberNeedle(runKeys[0] as string);
    for (let at = body.indexOf(needle), tries = 0; at >= 0 && at < end && tries < MAX_TRIES; tries += 1) {
      const start = at;
      at = body.indexOf(needle, at + 1);
      if (end - start < this.options.minBytes) return false;
      const around = parseAround(body, start, end, nextKey === undefined);
      if (around === undefined) continue;
      if (runKeys.some((key) => Object.hasOwn(around.prefix, key) || Object.hasOwn(around.suffix, key)))
        return false;
      let run: unknown;
      try {
        run = JSON.parse(`{${decodeJsonText(body.subarray(start + 1, end))}}`);
      } catch {
        continue;
      }
      if (!isPlainObject(run) || Object.keys(run).join('\n') !== runKeys.join('\n')) continue;
      const members = runKeys.map((key) => [key, deepFreeze(run[key])] as const);
      const entry: Entry = { bytes: Buffer.from(body.subarray(start, end)), nextKey, members };
      this.entries = [entry, ...this.entries].slice(0, this.options.maxEntries);
      return true;
    }
    return false;
  }
}

/** Once learning has not paid off for a while: one body in this many learns. */
const LEARN_EVERY = 16;

/** Most places tried for either end of a run (members of the same name nested before or after it). */
const MAX_TRIES = 4;

/** `,"key":` as bytes, the separator before a member. */
function memberNeedle(key: string): Buffer {
  return Buffer.from(`,${JSON.stringify(key)}:`, 'utf8');
}

/**
 * Where a run may end, most likely first, found as asked (each backward search costs the bytes it
 * passes): at the `,"nextKey":` occurrences from the last one back (the member after the run;
 * members of that name nested in its value come after it, nested in the run before it), or at the
 * object's final `}` when nothing follows the run. At most `MAX_TRIES` places.
 */
class RunEnds {
  private readonly found: number[] = [];
  private readonly needle: Buffer | undefined;

  constructor(
    private readonly body: Buffer,
    nextKey: string | undefined,
  ) {
    this.needle = nextKey === undefined ? undefined : memberNeedle(nextKey);
  }

  /** The `nth` place (from 0), or -1 when there is none. */
  get(nth: number): number {
    if (nth >= MAX_TRIES) return -1;
    while (this.found.length <= nth) {
      const previous = this.found.at(-1);
      if (previous !== undefined && previous <= 0) return -1;
      const next = this.search(previous);
      this.found.push(next);
      if (next < 0) return -1;
    }
    return this.found[nth] as number;
  }

  private search(before: number | undefined): number {
    const { body, needle } = this;
    if (needle === undefined) {
      if (before !== undefined) return -1;
      let end = body.length - 1;
      while (end >= 0 && isSpace(body[end] as number)) end -= 1;
      return end >= 0 && body[end] === 0x7d ? end : -1;
    }
    return before === undefined ? body.lastIndexOf(needle) : body.lastIndexOf(needle, before - 1);
  }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Parses the members before `start` and after `end` on their own; `undefined` when either does
 * not parse as the members of one object (then `start` / `end` are not at the top level).
 * @param last the run ends the object (`end` is its final `}`)
 */
function parseAround(
  body: Buffer,
  start: number,
  end: number,
  last: boolean,
): { prefix: Record<string, unknown>; suffix: Record<string, unknown> } | undefined {
  try {
    const prefix: unknown = JSON.parse(`${decodeJsonText(body.subarray(0, start))}}`);
    const suffix: unknown = last
      ? JSON.parse(decodeJsonText(body.subarray(end)).replace('}', '{}'))
      : JSON.parse(`{${decodeJsonText(body.subarray(end + 1))}`);
    if (!isPlainObject(prefix) || !isPlainObject(suffix)) return undefined;
    // Copying members by assignment would turn a `__proto__` member into a prototype.
    if (Object.hasOwn(prefix, '__proto__') || Object.hasOwn(suffix, '__proto__')) return undefined;
    return { prefix, suffix };
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
