const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * One JSON string literal, as RFC 8259 §7 defines it (the pattern's source, shared with
 * `sharedSlotTemplate`; anchored below): a quote, then characters other than the quote, the
 * backslash and U+0000–U+001F, or escapes (backslash and one of `"` `\` `/` `b` `f`
 * `n` `r` `t`, or `u` and four hex digits), then a quote: the literals `JSON.parse` accepts.
 * Unambiguous (a character is either plain or starts an escape), so matching takes linear time;
 * compiled once for every template (a pattern per template would be compiled per stream: ~50 µs;
 * `sharedSlotTemplate` compiles one for the templates every stream shares).
 */
// eslint-disable-next-line no-control-regex -- U+0000–U+001F are exactly what a literal must not hold raw
export const JSON_STRING_LITERAL_SOURCE = /"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.source;
const JSON_STRING_LITERAL = new RegExp(`^${JSON_STRING_LITERAL_SOURCE}$`);

/**
 * A JSON text with one string slot: `head` + one JSON string literal + `tail`. Stream decoders use
 * it for the events that make up most of a stream (text deltas), which differ from one another
 * only in that string: an event matching the template (its head, a valid literal, its tail) is
 * read from the short literal alone, and has — byte for byte outside the slot — the same fields as the event the template came from,
 * so it means what that event meant with the new string. Anything else does not match and goes
 * through the decoder's full parse. Source: RFC 8259 §7 (strings: a `"` inside a string is always
 * escaped, so an unescaped `"` ends the literal).
 */
export class StringSlotTemplate {
  /**
   * @param head the text before the literal (e.g. `{"type":"content_block_delta",…,"text":`)
   * @param tail the text after it (e.g. `}}`)
   */
  constructor(
    readonly head: string,
    readonly tail: string,
  ) {}

  /**
   * The slot's string when `text` is `head` + exactly one JSON string literal + `tail`.
   * @returns the decoded string, or `undefined` when `text` does not match (never throws)
   */
  read(text: string): string | undefined {
    const literal = this.readLiteral(text);
    return literal === undefined ? undefined : literalValue(literal);
  }

  /**
   * The slot's literal, as written, when `text` (or its part from `start` to `end`) is `head` +
   * exactly one JSON string literal + `tail` (the literal checked by a regular expression, about
   * twice as fast as parsing it). With `start` and `end`, the part is compared where it stands: a
   * stream's events are read in their chunk's text without being cut out of it first.
   * @param start index of the part's first character (default 0)
   * @param end index just past its last character (default `text.length`)
   * @returns the literal, quotes included, or `undefined` when the part does not match (never throws)
   */
  readLiteral(text: string, start = 0, end = text.length): string | undefined {
    const { head, tail } = this;
    const from = start + head.length;
    const to = end - tail.length;
    // Comparing slices is several times faster than `startsWith` / `endsWith` on Node 20.
    if (to - from < 2 || text.slice(start, from) !== head || text.slice(to, end) !== tail) return undefined;
    const literal = text.slice(from, to);
    return JSON_STRING_LITERAL.test(literal) ? literal : undefined;
  }

  /**
   * The same template inside an SSE event: `before` + head … tail + `after` (e.g. `data: ` and
   * the blank line that ends the event).
   */
  framed(before: string, after: string): StringSlotTemplate {
    return new StringSlotTemplate(before + this.head, this.tail + after);
  }

  /**
   * Learns the template of `text`, a JSON text already parsed whose member `key` (the only member of
   * that name anywhere in the text) holds the string `value`.
   * @param text the event's JSON text, as received
   * @param key the member name, e.g. `content`
   * @param value what the full parse read for that member
   * @returns the template, or `undefined` when the member cannot be located with certainty (the
   *   name occurs more than once, is written with escapes, or its literal does not decode to `value`)
   */
  static learn(text: string, key: string, value: string): StringSlotTemplate | undefined {
    const name = `"${key}"`;
    const at = text.indexOf(name);
    // A `"` inside a string is escaped, so `"key"` with bare quotes is a member name (or a string
    // value equal to the key, which the colon check below rules out).
    if (at < 0 || text.indexOf(name, at + name.length) >= 0) return undefined;
    let start = skipSpaces(text, at + name.length);
    if (text.charCodeAt(start) !== 0x3a) return undefined; // ':'
    start = skipSpaces(text, start + 1);
    if (text.charCodeAt(start) !== QUOTE) return undefined;
    const end = literalEnd(text, start);
    if (end < 0) return undefined;
    try {
      if (JSON.parse(text.slice(start, end)) !== value) return undefined;
    } catch {
      return undefined;
    }
    return new StringSlotTemplate(text.slice(0, start), text.slice(end));
  }
}

/**
 * The string a JSON string literal stands for: what `JSON.parse` gives, faster without escapes
 * (then it is what stands between the quotes).
 * @param literal a valid JSON string literal, quotes included (from `readLiteral`: not checked
 *   again)
 */
export function literalValue(literal: string): string {
  return literal.indexOf('\\') === -1 ? literal.slice(1, -1) : (JSON.parse(literal) as string);
}

function skipSpaces(text: string, from: number): number {
  let at = from;
  for (;;) {
    const code = text.charCodeAt(at);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return at;
    at += 1;
  }
}

/** The index just past the string literal opening at `start`, or -1 when it never closes. */
function literalEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}
