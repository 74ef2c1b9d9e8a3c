/** A run of streamed content, classified. */
export interface ThinkSegment {
  readonly kind: 'reasoning' | 'text';
  readonly text: string;
}

const OPEN_TAG = '<think>';
const CLOSE_TAG = '</think>';
const LEADING_WHITESPACE = /^\s*/;

type SplitterState = 'start' | 'thinking' | 'after-think' | 'text';

/**
 * Splits streamed `content` whose start is a `<think>…</think>` block (Groq with
 * `reasoning_format: "raw"`, DeepSeek-R1 distills and other local models) into reasoning and text,
 * chunk by chunk, with tags split at any position across chunks.
 *
 * Rules: only a `<think>` at the start of the content (after optional whitespace) opens reasoning;
 * any other `<` (`<b>`, `a < b`, a later `<think>`) is text. Everything up to `</think>` is
 * reasoning; whitespace right after `</think>` is dropped; the rest is text. Bytes that may be the
 * start of a tag are held back until the next chunk decides (at most 7 characters); `flush` at the
 * end releases them (an unclosed `<think>` block is all reasoning; a lone `<thi` is text).
 * Not thread-shared: one splitter per stream.
 */
export class ThinkTagSplitter {
  private state: SplitterState = 'start';
  private pending = '';

  /** True once every fragment is text as it comes (past the leading think block, nothing held back). */
  get passesThrough(): boolean {
    return this.state === 'text' && this.pending === '';
  }

  /** Feeds the next content fragment; returns the segments it completes (adjacent kinds merged). */
  push(chunk: string): ThinkSegment[] {
    const out: ThinkSegment[] = [];
    this.pending += chunk;
    this.drain(out);
    return out;
  }

  /** The content ended: returns whatever was held back. */
  flush(): ThinkSegment[] {
    const out: ThinkSegment[] = [];
    const rest = this.pending;
    this.pending = '';
    if (this.state === 'start') emit(out, 'text', rest);
    else if (this.state === 'thinking') emit(out, 'reasoning', rest);
    else if (this.state === 'text') emit(out, 'text', rest);
    this.state = 'text';
    return out;
  }

  private drain(out: ThinkSegment[]): void {
    for (;;) {
      switch (this.state) {
        case 'start': {
          const body = this.pending.replace(LEADING_WHITESPACE, '');
          if (body.startsWith(OPEN_TAG)) {
            this.pending = body.slice(OPEN_TAG.length);
            this.state = 'thinking';
            continue;
          }
          if (OPEN_TAG.startsWith(body)) return; // empty, whitespace or a partial `<think>`: wait
          this.state = 'text';
          continue;
        }
        case 'thinking': {
          const close = this.pending.indexOf(CLOSE_TAG);
          if (close !== -1) {
            emit(out, 'reasoning', this.pending.slice(0, close));
            this.pending = this.pending.slice(close + CLOSE_TAG.length);
            this.state = 'after-think';
            continue;
          }
          const keep = partialTagLength(this.pending, CLOSE_TAG);
          emit(out, 'reasoning', this.pending.slice(0, this.pending.length - keep));
          this.pending = this.pending.slice(this.pending.length - keep);
          return;
        }
        case 'after-think': {
          this.pending = this.pending.replace(LEADING_WHITESPACE, '');
          if (this.pending === '') return;
          this.state = 'text';
          continue;
        }
        case 'text':
          emit(out, 'text', this.pending);
          this.pending = '';
          return;
        default: {
          const unknown: never = this.state;
          throw new Error(`Unknown splitter state ${String(unknown)}`);
        }
      }
    }
  }
}

/**
 * Splits a whole `content` string (a non-streamed answer) the same way.
 * @returns the segments in order, adjacent kinds merged
 */
export function splitThinkTags(content: string): ThinkSegment[] {
  const splitter = new ThinkTagSplitter();
  const out = splitter.push(content);
  for (const segment of splitter.flush()) emit(out, segment.kind, segment.text);
  return out;
}

/** Length of the longest end of `text` that is a proper prefix of `tag`. */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}

function emit(out: ThinkSegment[], kind: ThinkSegment['kind'], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last !== undefined && last.kind === kind) out[out.length - 1] = { kind, text: last.text + text };
  else out.push({ kind, text });
}
