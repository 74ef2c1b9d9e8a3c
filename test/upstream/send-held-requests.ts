// Test helpers for the `stall` and `hang` faults, which every fake has: requests that stay open until the
// fake's close(), and how each of them ended.
import { postJson, readToEnd, sleep, type ReadToEndResult } from './send-test-request.js';

/** How a request ended: `answered` when it resolved, `failed` when it rejected (e.g. the socket was destroyed). */
export type RequestOutcome = 'answered' | 'failed';

/** One POST of a JSON body, relative to the fake's base URL. */
export interface TestPost {
  path: string;
  body: unknown;
}

/** The two open requests {@link sendHeldRequests} sent, and what happened first. */
export interface HeldRequests {
  /** The streaming request's body, read to its end or its failure. */
  reading: Promise<ReadToEndResult>;
  /** The outcome of the request whose reply never comes. */
  hanging: Promise<RequestOutcome>;
  /** `ended` when the stream ended within 200 ms, the hanging request's outcome when it settled, else `open`. */
  first: string;
}

/** Settles to `answered` or `failed` as `request` resolves or rejects; never rejects itself. */
export function outcomeOf(request: Promise<unknown>): Promise<RequestOutcome> {
  return request.then(
    () => 'answered',
    () => 'failed',
  );
}

/**
 * POSTs `stream` (its reply streams, then stalls) and reads it, then POSTs `hang` (its reply never comes), and
 * watches both for 200 ms. The caller enqueues the stall and hang replies first.
 */
export async function sendHeldRequests(
  baseUrl: string,
  stream: TestPost,
  hang: TestPost,
): Promise<HeldRequests> {
  const reading = readToEnd(await postJson(baseUrl, stream.path, stream.body));
  const hanging = outcomeOf(postJson(baseUrl, hang.path, hang.body));
  const first = await Promise.race([reading.then(() => 'ended'), hanging, sleep(200).then(() => 'open')]);
  return { reading, hanging, first };
}
