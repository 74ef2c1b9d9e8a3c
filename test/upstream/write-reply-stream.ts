// How every fake writes a reply's bytes: the SSE head, one chunk at a time and only while the client is still
// there, paced by the reply's delays on the fake's cancellable timer.
import type { ServerResponse } from 'node:http';

/** Where a reply goes and the fake's timer: every fake's reply context has both. */
export interface ReplyOutput {
  response: ServerResponse;
  /** A timer (ms) that the fake cancels, resolving it, on `close()`. */
  sleep(milliseconds: number): Promise<void>;
}

/**
 * Writes `items` in order with `write`, waiting `delayMs` between two of them (none before the first);
 * resolves false as soon as the response went away, else true once all were written.
 */
export async function writeReplyStream<Item>(
  output: ReplyOutput,
  items: readonly Item[],
  delayMs: number,
  write: (item: Item) => Promise<void>,
): Promise<boolean> {
  for (const [position, item] of items.entries()) {
    if (position > 0 && delayMs > 0) await output.sleep(delayMs);
    if (!isWritable(output.response)) return false;
    await write(item);
  }
  return isWritable(output.response);
}

/** {@link writeReplyStream} of ready-made texts (formatted events), each written with {@link writeChunk}. */
export function writeReplyTexts(
  output: ReplyOutput,
  texts: readonly string[],
  delayMs: number,
): Promise<boolean> {
  return writeReplyStream(output, texts, delayMs, (text) => writeChunk(output.response, text));
}

/** Waits a reply's `delayMs` when it is positive; resolves whether the response can still be written after it. */
export async function waitReplyDelay(output: ReplyOutput, delayMs: number | undefined): Promise<boolean> {
  if (delayMs !== undefined && delayMs > 0) await output.sleep(delayMs);
  return isWritable(output.response);
}

/** Writes the 200 head of an SSE response (`text/event-stream; charset=utf-8`, `no-cache`) and flushes it. */
export function startSse(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  response.flushHeaders();
}

/** Resolves once the chunk was handed to the socket (or failed because the socket is gone). */
export function writeChunk(response: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    response.write(chunk, () => resolve());
  });
}

/** Whether the response is neither ended nor destroyed and its socket is still open. */
export function isWritable(response: ServerResponse): boolean {
  const socket = response.socket;
  return !response.destroyed && !response.writableEnded && socket !== null && !socket.destroyed;
}
