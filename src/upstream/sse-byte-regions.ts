/**
 * Cuts an SSE byte stream of LF-terminated lines into regions of complete events, without decoding
 * it: each chunk's bytes up to its last event boundary (`\n\n`, with what was pending before it),
 * the rest kept for the next chunk. Used where most events pass through untouched (the fast path's
 * Anthropic relay). A region ends at an event boundary, so it never ends inside a UTF-8 character.
 * Not shared between streams. Source: WHATWG HTML, "Server-sent events" (event stream
 * interpretation: an empty line dispatches the event).
 */
export class SseByteRegions {
  private pending: Buffer | undefined;

  /**
   * Feeds a chunk.
   * @returns the bytes of every event the chunk completes (one region, each event with its
   *   terminating blank line), or `undefined` when it completes none
   */
  push(chunk: Buffer): Buffer | undefined {
    const bytes = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    const boundary = bytes.lastIndexOf('\n\n');
    if (boundary < 0) {
      this.pending = bytes;
      return undefined;
    }
    const end = boundary + 2;
    this.pending = end < bytes.length ? bytes.subarray(end) : undefined;
    return bytes.subarray(0, end);
  }

  /** What is pending (an incomplete last event), emptied; `undefined` when nothing is. */
  flush(): Buffer | undefined {
    const rest = this.pending;
    this.pending = undefined;
    return rest;
  }
}
