import { JSON_STRING_LITERAL_SOURCE, StringSlotTemplate } from './string-slot-template.js';

/** The JSON string literal of `StringSlotTemplate` (RFC 8259 §7), as a capturing group. */
const LITERAL_GROUP = `(${JSON_STRING_LITERAL_SOURCE})`;
/** Distinct templates compiled per process; past this, templates are plain (nothing is evicted). */
const MAX_SHARED_TEMPLATES = 256;
const shared = new Map<string, StringSlotTemplate>();

/**
 * A template whose whole text — head, literal, tail — is matched by one sticky regular expression,
 * reading an event where it stands in its chunk's text about 40% faster than the plain template's
 * slices (~60 vs ~100 ns a delta event on Node 20). Compiling the expression costs ~50 µs, so this
 * is for templates every stream shares, known ahead (Anthropic's delta events hold nothing
 * particular to one answer), never for learned ones (OpenAI's chunks hold the answer's id).
 * Compiled once per distinct `head` and `tail` in the process; past 256 of them, a plain
 * `StringSlotTemplate` (same answers, slower) is returned.
 * @param head the text before the literal
 * @param tail the text after it
 * @returns a template with `StringSlotTemplate`'s answers
 */
export function sharedSlotTemplate(head: string, tail: string): StringSlotTemplate {
  const key = `${head}\u0000${tail}`;
  let template = shared.get(key);
  if (template === undefined) {
    if (shared.size >= MAX_SHARED_TEMPLATES) return new StringSlotTemplate(head, tail);
    template = new CompiledSlotTemplate(head, tail);
    shared.set(key, template);
  }
  return template;
}

class CompiledSlotTemplate extends StringSlotTemplate {
  /** `head` + literal + `tail`, sticky: it matches at `lastIndex` or not at all. */
  private readonly pattern: RegExp;

  constructor(head: string, tail: string) {
    super(head, tail);
    this.pattern = new RegExp(`${escapeRegExp(head)}${LITERAL_GROUP}${escapeRegExp(tail)}`, 'y');
  }

  /**
   * {@inheritDoc StringSlotTemplate.readLiteral}
   * One match of the pattern from `start`, which must end at `end`: a literal ends at its first
   * unescaped quote, so the pattern can match in one way only.
   */
  override readLiteral(text: string, start = 0, end = text.length): string | undefined {
    const pattern = this.pattern;
    pattern.lastIndex = start;
    const match = pattern.exec(text);
    return match !== null && pattern.lastIndex === end ? match[1] : undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
