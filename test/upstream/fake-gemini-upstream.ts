// A fake Gemini API (generativelanguage.googleapis.com) server for tests: node:http on 127.0.0.1 and an
// ephemeral port, scripted replies, every request recorded. The twin of fake-anthropic-upstream.ts and
// fake-openai-chat-upstream.ts (same options style, recording, queue and fault switches). Shapes follow the
// Gemini API reference (https://ai.google.dev/api): "Generating content", "Counting tokens", "Models" and
// "API errors"; see __fixtures__/gemini-* for recorded examples.
import { DEFAULT_GEMINI_THOUGHT_SIGNATURE, type FakeGeminiReply } from './fake-gemini-reply.js';
import { startFakeServer, type FakeExchange, type FakeUpstream } from './fake-server.js';
import { checkGeminiKey } from './gemini-check-key.js';
import { buildGeminiModel, buildGeminiModelsPage, stripModelsPrefix } from './gemini-models-list.js';
import {
  sendFakeGeminiReply,
  sendGeminiError,
  sendGeminiJson,
  type GeminiErrorObject,
  type GeminiFraming,
} from './gemini-send-reply.js';

export type { RecordedRequest } from './fake-server.js';

/** Models listed by `GET …/models` when none are configured. */
const DEFAULT_MODELS: readonly string[] = ['gemini-fake-1'];
/** Characters per streamed text / thought piece when not configured. */
const DEFAULT_CHUNK_SIZE = 8;
/** Text of the default reply, used when the queue is empty. */
export const DEFAULT_GEMINI_REPLY_TEXT = 'Hello from the fake Gemini upstream.';
/** Thought summary of the default reply when the request sets `generationConfig.thinkingConfig.includeThoughts`. */
export const DEFAULT_GEMINI_REPLY_THOUGHT =
  '**Greeting the user**\nThe user says hello; I will greet them back.';
/** How the fake behaves; every field is optional. */
export interface FakeGeminiOptions {
  /**
   * When set, every request must carry it as `x-goog-api-key` or `?key=`; a request without a key gets
   * `GEMINI_MISSING_KEY_ERROR` (403), a wrong key `GEMINI_INVALID_KEY_ERROR` (400), see gemini-check-key.ts.
   */
  apiKey?: string;
  /** Model ids listed by `GET …/models` (with or without `models/`); default `['gemini-fake-1']`. */
  models?: string[];
  /** Characters per streamed text / thought piece; default 8. */
  chunkSize?: number;
}

/** A running fake upstream; its `requests` have the same shape as the other fakes' (`path` keeps the query). */
export interface FakeGeminiUpstream extends FakeUpstream<FakeGeminiReply> {
  /**
   * Base URL WITHOUT the API version, `http://127.0.0.1:<port>`: requests go to `url + '/v1beta/models/…'`,
   * as `new GoogleGenAI({httpOptions: {baseUrl: url}})` sends them.
   */
  url: string;
  /** Queues replies for the next `:generateContent` / `:streamGenerateContent` requests, first in, first out. */
  enqueue(...replies: FakeGeminiReply[]): void;
}

type Route =
  | { kind: 'generate'; model: string; framing: GeminiFraming }
  | { kind: 'count-tokens'; model: string }
  | { kind: 'models' }
  | { kind: 'model'; model: string }
  | { kind: 'unknown' };

/**
 * Starts the fake on `127.0.0.1:0`. Routes (any path prefix, so `/v1beta`, `/v1` and `/v1alpha` all work):
 * `POST …/models/{model}:generateContent` (one `GenerateContentResponse`), `POST
 * …/models/{model}:streamGenerateContent` (SSE `data:` chunks with `?alt=sse`, else one JSON array of chunks),
 * both from the queue or the default reply; `POST …/models/{model}:countTokens` (`{totalTokens,
 * promptTokensDetails}`, ceil(body characters / 4)); `GET …/models` (paged `models.list`); `GET
 * …/models/{model}` (`models.get`). Anything else is a 404 NOT_FOUND envelope.
 */
export async function startFakeGeminiUpstream(options: FakeGeminiOptions = {}): Promise<FakeGeminiUpstream> {
  const models = options.models ?? DEFAULT_MODELS;
  let responseCount = 0;

  const handle = async (exchange: FakeExchange<FakeGeminiReply>): Promise<void> => {
    const { response, recorded } = exchange;
    const { method, path, rawBody, body } = recorded;
    const query = new URL(path, 'http://fake.invalid').searchParams;
    const route = resolveRoute(method, path, query);
    const framing = route.kind === 'generate' ? route.framing : 'json';

    const authFailure =
      options.apiKey === undefined ? undefined : checkGeminiKey(recorded.headers, query, options.apiKey);
    if (authFailure !== undefined) return sendGeminiError(response, framing, authFailure);
    switch (route.kind) {
      case 'generate': {
        if (!isRecord(body)) return sendGeminiError(response, framing, invalidJsonError());
        return sendFakeGeminiReply(
          exchange.nextReply(() => buildDefaultReply(body)),
          {
            response,
            framing,
            model: route.model,
            promptTokenCount: Math.ceil(rawBody.length / 4),
            chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
            nextResponseId: () => `fake-gemini-response-${++responseCount}`,
            sleep: exchange.sleep,
          },
        );
      }
      case 'count-tokens': {
        if (!isRecord(body)) return sendGeminiError(response, 'json', invalidJsonError());
        const totalTokens = Math.ceil(rawBody.length / 4);
        return sendGeminiJson(response, 200, {
          totalTokens,
          promptTokensDetails: [{ modality: 'TEXT', tokenCount: totalTokens }],
        });
      }
      case 'models':
        return sendGeminiJson(response, 200, buildGeminiModelsPage(models, query));
      case 'model': {
        if (models.some((id) => stripModelsPrefix(id) === route.model)) {
          return sendGeminiJson(response, 200, buildGeminiModel(route.model));
        }
        // The wording is the fake's own; the code and status are the API's for an unknown resource.
        const message = `models/${route.model} is not found.`;
        return sendGeminiError(response, 'json', { code: 404, message, status: 'NOT_FOUND' });
      }
      case 'unknown':
        return sendGeminiError(response, 'json', {
          code: 404,
          message: 'Method not found.',
          status: 'NOT_FOUND',
        });
      default:
        return assertNever(route);
    }
  };

  return startFakeServer({
    handle,
    sendFailure: (response, message) =>
      sendGeminiError(response, 'json', { code: 500, message, status: 'INTERNAL' }),
  });
}

/** The default reply: {@link DEFAULT_GEMINI_REPLY_TEXT}, after a signed thought when the request asks for thoughts. */
function buildDefaultReply(body: Record<string, unknown>): FakeGeminiReply {
  const generationConfig = body['generationConfig'];
  const thinkingConfig = isRecord(generationConfig) ? generationConfig['thinkingConfig'] : undefined;
  const includeThoughts = isRecord(thinkingConfig) && thinkingConfig['includeThoughts'] === true;
  if (!includeThoughts) return { kind: 'message', text: DEFAULT_GEMINI_REPLY_TEXT };
  const thoughts = { text: DEFAULT_GEMINI_REPLY_THOUGHT, signature: DEFAULT_GEMINI_THOUGHT_SIGNATURE };
  return { kind: 'message', text: DEFAULT_GEMINI_REPLY_TEXT, thoughts };
}

function resolveRoute(method: string, path: string, query: URLSearchParams): Route {
  const pathname = safeDecode(path.split('?', 1)[0] ?? '');
  const action = /\/models\/([^/:]+):([A-Za-z]+)$/.exec(pathname);
  if (action !== null && method === 'POST') {
    const [, model = '', verb] = action;
    if (verb === 'generateContent') return { kind: 'generate', model, framing: 'json' };
    if (verb === 'streamGenerateContent') {
      return { kind: 'generate', model, framing: query.get('alt') === 'sse' ? 'sse' : 'json-array' };
    }
    if (verb === 'countTokens') return { kind: 'count-tokens', model };
  }
  if (method === 'GET' && pathname.endsWith('/models')) return { kind: 'models' };
  const single = /\/models\/([^/:]+)$/.exec(pathname);
  if (method === 'GET' && single?.[1] !== undefined) return { kind: 'model', model: single[1] };
  return { kind: 'unknown' };
}

/** The API's 400 for a body that is not a JSON object (first line of its "Invalid JSON payload" message). */
function invalidJsonError(): GeminiErrorObject {
  return {
    code: 400,
    message: 'Invalid JSON payload received. Unexpected token.',
    status: 'INVALID_ARGUMENT',
  };
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled route: ${JSON.stringify(value)}`);
}
