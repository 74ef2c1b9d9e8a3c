// The node:http scaffolding every fake upstream shares: a server on 127.0.0.1 and an ephemeral port, every
// request recorded before it is answered, a first-in-first-out queue of scripted replies, and a close() that
// never waits: it resolves pending reply delays and destroys open, hanging and stalled connections first.
// Each fake keeps only what is its API's own: routes, the auth check and how a reply is written.
// It also counts requests in flight (arrival → response finished or closed) and keeps each recorded request's
// arrival and end times beside it, so tests can check concurrency and rate limits as the upstream saw them.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as received, recorded before it is answered (errors included). */
export interface RecordedRequest {
  method: string;
  /** Path including the query string, e.g. `/v1/messages?beta=true`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text ('' when none). */
  rawBody: string;
  /** The body parsed as JSON, or undefined when empty or not JSON. */
  body: unknown;
}

/**
 * When a request was being answered, `performance.now()` ms of the test process (the clock tests read too).
 */
export interface RequestTiming {
  /** When the request's head arrived (before its body was read). */
  readonly receivedAt: number;
  /**
   * When its response finished (last byte handed to the socket) or its connection closed, whichever came
   * first; undefined while the request is still being answered.
   */
  readonly endedAt: number | undefined;
}

/** A running fake upstream that answers with scripted replies of type `Reply`. */
export interface FakeUpstream<Reply> {
  /** Base URL, `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Every request received so far, in arrival order. */
  requests: RecordedRequest[];
  /** Queues replies for the next requests that take one, used first in, first out. */
  enqueue(...replies: Reply[]): void;
  /**
   * Requests being answered now: counted from the arrival of the request's head to the end of its response
   * (finished or connection closed), any route.
   */
  readonly inFlight: number;
  /** The highest {@link inFlight} seen since the start or the last `reset()`. */
  readonly maxInFlight: number;
  /** The arrival and end times of one of {@link requests} (undefined for a record this fake did not make). */
  timingOf(request: RecordedRequest): RequestTiming | undefined;
  /** Clears the recorded requests and the reply queue, and restarts `maxInFlight` at the current `inFlight`. */
  reset(): void;
  /** Stops the server; destroys open, hanging and stalled connections first, so it never waits on them. */
  close(): Promise<void>;
}

/** One request being answered: what was recorded, where to answer, and the fake's queue and timer. */
export interface FakeExchange<Reply> {
  /** The request as recorded (already in `requests`). */
  recorded: RecordedRequest;
  response: ServerResponse;
  /** 1 for the first request whose body was read, 2 for the next, …; `reset()` does not restart it. */
  requestNumber: number;
  /** Takes the next queued reply (first in, first out), else answers `fallback()`. */
  nextReply(fallback: () => Reply): Reply;
  /** A timer (ms) that `close()` cancels, resolving it; after `close()` it resolves at once. */
  sleep(milliseconds: number): Promise<void>;
}

/** What makes one fake: how it answers a request, and how it reports a failure of its own. */
export interface FakeServerHandlers<Reply> {
  /** Answers one recorded request. */
  handle(exchange: FakeExchange<Reply>): Promise<void>;
  /**
   * Writes the fake's HTTP 500 envelope when `handle` (or reading the body) failed before any header was sent;
   * `message` is `Fake upstream failure: <error>`. After the headers, the connection is destroyed instead.
   */
  sendFailure(response: ServerResponse, message: string): void;
}

/** Starts a fake upstream on `127.0.0.1:0` that records every request and answers it with `handlers.handle`. */
export async function startFakeServer<Reply>(
  handlers: FakeServerHandlers<Reply>,
): Promise<FakeUpstream<Reply>> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  const sockets = new Set<Socket>();
  const timers = createCancellableTimers();
  let requestCount = 0;
  let closed = false;
  let inFlight = 0;
  let maxInFlight = 0;
  const timings = new WeakMap<RecordedRequest, RequestTiming>();

  const answer = async (
    request: IncomingMessage,
    response: ServerResponse,
    timing: RequestTiming,
  ): Promise<void> => {
    const rawBody = await readBody(request);
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      rawBody,
      body: parseJson(rawBody),
    };
    timings.set(recorded, timing);
    requests.push(recorded);
    await handlers.handle({
      recorded,
      response,
      requestNumber: ++requestCount,
      nextReply: (fallback) => queue.shift() ?? fallback(),
      sleep: timers.sleep,
    });
  };

  const server = createServer((request, response) => {
    const timing: { receivedAt: number; endedAt: number | undefined } = {
      receivedAt: performance.now(),
      endedAt: undefined,
    };
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const end = (): void => {
      if (timing.endedAt !== undefined) return;
      timing.endedAt = performance.now();
      inFlight -= 1;
    };
    response.once('finish', end);
    response.once('close', end);
    answer(request, response, timing).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      handlers.sendFailure(response, `Fake upstream failure: ${String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    timingOf: (request) => timings.get(request),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      maxInFlight = inFlight;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      timers.cancelAll();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Timers that can all be resolved early at once; after that, new ones resolve immediately. */
function createCancellableTimers(): { sleep(milliseconds: number): Promise<void>; cancelAll(): void } {
  const pending = new Map<NodeJS.Timeout, () => void>();
  let cancelled = false;
  return {
    sleep: (milliseconds) =>
      new Promise((resolve) => {
        if (cancelled) return resolve();
        const timer = setTimeout(() => {
          pending.delete(timer);
          resolve();
        }, milliseconds);
        pending.set(timer, resolve);
      }),
    cancelAll: () => {
      cancelled = true;
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve();
      }
      pending.clear();
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
