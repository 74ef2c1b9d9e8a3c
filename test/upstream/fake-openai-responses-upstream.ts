// A fake OpenAI Responses server for tests: node:http on 127.0.0.1 and an ephemeral port, scripted replies,
// every request recorded. The twin of fake-openai-chat-upstream.ts (same options style, recording, queue and
// fault switches). Shapes follow the OpenAI API reference ("Create a model response", "The response object",
// "Streaming events", "List models") and the reasoning guide; see __fixtures__/openai-responses-*.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RecordedRequest } from './fake-anthropic-upstream.js';
import type { FakeOpenAIResponsesReply } from './fake-openai-responses-reply.js';
import { sendOpenAIErrorEnvelope, type OpenAIErrorObject } from './openai-chat-send-reply.js';
import { resolveRequestEcho } from './openai-responses-build-response.js';
import { sendFakeOpenAIResponsesReply } from './openai-responses-send-reply.js';
import { sendJson } from './send-fake-reply.js';

export type { RecordedRequest } from './fake-anthropic-upstream.js';

/** Models listed by `GET …/models` when none are configured. */
const DEFAULT_MODELS: readonly string[] = ['gpt-fake-1'];
/** Characters per streamed text / summary / arguments delta when not configured. */
const DEFAULT_CHUNK_SIZE = 8;
/** `created` of every listed model (Unix seconds), the value of the "List models" example. */
const MODEL_CREATED = 1686935002;
/** The `include` value that asks for `encrypted_content` on reasoning items ("Create a model response"). */
const ENCRYPTED_REASONING_INCLUDE = 'reasoning.encrypted_content';
/** Text of the default reply, used when the queue is empty. */
export const DEFAULT_OPENAI_RESPONSES_REPLY_TEXT = 'Hello from the fake Responses upstream.';
/** Reasoning summary the default reply adds when the request has `reasoning` and asks for encrypted reasoning. */
export const DEFAULT_OPENAI_RESPONSES_REASONING_SUMMARY =
  '**Greeting back**\n\nThe user says hello; answer briefly.';

/** How the fake behaves; every field is optional. */
export interface FakeOpenAIResponsesOptions {
  /** When set, every request must carry `Authorization: Bearer <apiKey>`; else 401 (`invalid_api_key`). */
  apiKey?: string;
  /** Model ids listed by `GET …/models`; default `['gpt-fake-1']`. */
  models?: string[];
  /** Characters per `output_text.delta`, `reasoning_summary_text.delta` and arguments delta; default 8. */
  chunkSize?: number;
}

/** A running fake upstream. */
export interface FakeOpenAIResponsesUpstream {
  /** Base URL WITHOUT `/v1`, `http://127.0.0.1:<port>` (SDKs take `url + '/v1'`). */
  url: string;
  /** Every request received so far, in arrival order (same shape as the Anthropic fake's). */
  requests: RecordedRequest[];
  /** Queues replies for the next `POST …/responses` requests, used first in, first out. */
  enqueue(...replies: FakeOpenAIResponsesReply[]): void;
  /** Clears the recorded requests and the reply queue. */
  reset(): void;
  /** Stops the server; destroys open, hanging and stalled connections first, so it never waits on them. */
  close(): Promise<void>;
}

type Route = 'responses' | 'models' | 'unknown';

/**
 * Starts the fake on `127.0.0.1:0`. Routes: `POST <any prefix>/responses` (queued reply or the default reply:
 * {@link DEFAULT_OPENAI_RESPONSES_REPLY_TEXT}, plus a reasoning item with a summary and `encrypted_content` when
 * the request has `reasoning` and `include: ["reasoning.encrypted_content"]`; SSE when `stream` is true),
 * `GET <any prefix>/models` ("List models"); anything else is a 404 `invalid_request_error` envelope ("Invalid URL
 * (<METHOD> <path>)"). Every response carries an `x-request-id` header (`req_fake_<n>`).
 */
export async function startFakeOpenAIResponsesUpstream(
  options: FakeOpenAIResponsesOptions = {},
): Promise<FakeOpenAIResponsesUpstream> {
  const requests: RecordedRequest[] = [];
  const queue: FakeOpenAIResponsesReply[] = [];
  const sockets = new Set<Socket>();
  const pendingTimers = new Map<NodeJS.Timeout, () => void>();
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let requestCount = 0;
  let responseCount = 0;
  let closed = false;

  const sleep = (milliseconds: number): Promise<void> =>
    new Promise((resolve) => {
      if (closed) return resolve();
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        resolve();
      }, milliseconds);
      pendingTimers.set(timer, resolve);
    });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const rawBody = await readBody(request);
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const body = parseJson(rawBody);
    requests.push({ method, path, headers: request.headers, rawBody, body });
    response.setHeader('x-request-id', `req_fake_${++requestCount}`);

    const authFailure =
      options.apiKey === undefined ? undefined : checkBearer(request.headers, options.apiKey);
    if (authFailure !== undefined) return sendOpenAIErrorEnvelope(response, 401, authFailure);
    const route = resolveRoute(method, path);
    switch (route) {
      case 'responses': {
        if (!isRecord(body)) {
          const message =
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";
          return sendOpenAIErrorEnvelope(response, 400, invalidRequest(message));
        }
        const include = Array.isArray(body['include']) ? body['include'] : [];
        const includeEncryptedReasoning = include.includes(ENCRYPTED_REASONING_INCLUDE);
        const reply = queue.shift() ?? defaultReply(isRecord(body['reasoning']) && includeEncryptedReasoning);
        return sendFakeOpenAIResponsesReply(reply, {
          response,
          stream: body['stream'] === true,
          model: typeof body['model'] === 'string' ? body['model'] : (options.models?.[0] ?? 'gpt-fake-1'),
          inputTokens: Math.ceil(rawBody.length / 4),
          includeEncryptedReasoning,
          echo: resolveRequestEcho(body),
          chunkSize,
          nextResponseNumber: () => ++responseCount,
          sleep,
        });
      }
      case 'models':
        return sendJson(response, 200, buildModelsList(options.models ?? DEFAULT_MODELS));
      case 'unknown':
        return sendOpenAIErrorEnvelope(
          response,
          404,
          invalidRequest(`Invalid URL (${method} ${path.split('?', 1)[0] ?? path})`),
        );
      default:
        return assertNever(route);
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      const message = `Fake upstream failure: ${String(error)}`;
      sendOpenAIErrorEnvelope(response, 500, { message, type: 'server_error', param: null, code: null });
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
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const [timer, resolve] of pendingTimers) {
        clearTimeout(timer);
        resolve();
      }
      pendingTimers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The reply used when the queue is empty; with a reasoning item when the request asked for encrypted reasoning. */
function defaultReply(withReasoning: boolean): FakeOpenAIResponsesReply {
  const text = DEFAULT_OPENAI_RESPONSES_REPLY_TEXT;
  if (!withReasoning) return { kind: 'message', text };
  return { kind: 'message', text, reasoning: { summary: DEFAULT_OPENAI_RESPONSES_REASONING_SUMMARY } };
}

/** "List models" (`GET /v1/models`): `{"object":"list","data":[{id, object:"model", created, owned_by}]}`. */
function buildModelsList(models: readonly string[]): Record<string, unknown> {
  return {
    object: 'list',
    data: models.map((id) => ({
      id,
      object: 'model',
      created: MODEL_CREATED,
      owned_by: 'organization-owner',
    })),
  };
}

function resolveRoute(method: string, path: string): Route {
  const pathname = path.split('?', 1)[0] ?? '';
  if (method === 'POST' && pathname.endsWith('/responses')) return 'responses';
  if (method === 'GET' && pathname.endsWith('/models')) return 'models';
  return 'unknown';
}

function invalidRequest(message: string): OpenAIErrorObject {
  return { message, type: 'invalid_request_error', param: null, code: null };
}

/**
 * The 401 error object for a missing or wrong `Authorization: Bearer` key, or undefined when it matches; the
 * same messages and codes as the Chat Completions fake ("Error codes" guide, "401 - Incorrect API key
 * provided"): no key → `code: null`; a wrong key → `invalid_api_key`, the key masked.
 */
function checkBearer(headers: IncomingHttpHeaders, apiKey: string): OpenAIErrorObject | undefined {
  const authorization = headers.authorization;
  if (authorization === `Bearer ${apiKey}`) return undefined;
  if (authorization === undefined || !authorization.startsWith('Bearer ')) {
    return invalidRequest(
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    );
  }
  const given = authorization.slice('Bearer '.length);
  const masked = `${given.slice(0, 3)}${'*'.repeat(Math.max(0, given.length - 7))}${given.slice(-4)}`;
  const message = `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  return { message, type: 'invalid_request_error', param: null, code: 'invalid_api_key' };
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled route: ${String(value)}`);
}
