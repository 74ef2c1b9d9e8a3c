// A fake Anthropic Messages API server for tests: node:http on 127.0.0.1 and an ephemeral port, scripted
// replies, every request recorded. Shapes follow the Claude API references ("Messages", "Streaming
// messages", "Errors", "Count tokens in a Message", "List Models"); see __fixtures__/ for the examples.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { FakeReply } from './fake-reply.js';
import { startFakeServer, type FakeExchange, type FakeUpstream } from './fake-server.js';
import { sendErrorEnvelope, sendFakeReply, sendJson } from './send-fake-reply.js';

export type { RecordedRequest } from './fake-server.js';

/** Models listed by `GET /v1/models` when none are configured. */
const DEFAULT_MODELS: readonly string[] = ['claude-fake-1'];
/** Characters per streamed text / thinking / tool-input piece when not configured. */
const DEFAULT_TEXT_CHUNK_SIZE = 8;
/** `created_at` of every listed model (RFC 3339), the date the "List Models" example shows. */
const MODEL_CREATED_AT = '2025-02-19T00:00:00Z';
/** Text of the default reply, used when the queue is empty. */
export const DEFAULT_REPLY_TEXT = 'Hello from the fake upstream.';
/** Thinking text of the default reply when the request enables thinking. */
export const DEFAULT_REPLY_THINKING = 'Let me think.';
/** Signature of the default reply's thinking block (opaque base64, like the API's). */
export const DEFAULT_REPLY_SIGNATURE = Buffer.from('fake-thinking-signature').toString('base64');

/** How the fake behaves; every field is optional. */
export interface FakeAnthropicOptions {
  /** When set, every request must carry it as `x-api-key` or `Authorization: Bearer …`; else 401 authentication_error. */
  apiKey?: string;
  /** Model ids listed by `GET /v1/models`; default `['claude-fake-1']`. */
  models?: string[];
  /** Serve `POST …/v1/messages/count_tokens` (default true); false answers 404 not_found_error there. */
  countTokens?: boolean;
  /** Characters per `text_delta` (also thinking and tool-input pieces); default 8. */
  textChunkSize?: number;
}

/** A running fake upstream. */
export interface FakeAnthropicUpstream extends FakeUpstream<FakeReply> {
  /** Queues replies for the next `POST …/v1/messages` requests, used first in, first out. */
  enqueue(...replies: FakeReply[]): void;
}

type Route = 'messages' | 'count-tokens' | 'models' | 'unknown';

/**
 * Starts the fake on `127.0.0.1:0`. Routes: `POST <any prefix>/v1/messages` (queued reply or the default
 * reply), `POST <any prefix>/v1/messages/count_tokens` (`{"input_tokens": N}`), `GET <any prefix>/v1/models`
 * (one page listing `options.models`); anything else is a 404 `not_found_error` envelope. Every response
 * carries a `request-id` header (`req_fake_<n>`), as the Errors reference says the API's responses do.
 */
export async function startFakeAnthropicUpstream(
  options: FakeAnthropicOptions = {},
): Promise<FakeAnthropicUpstream> {
  let messageCount = 0;

  const handle = async (exchange: FakeExchange<FakeReply>): Promise<void> => {
    const { response, recorded } = exchange;
    const { method, path, rawBody, body } = recorded;
    const requestId = `req_fake_${exchange.requestNumber}`;
    response.setHeader('request-id', requestId);

    if (options.apiKey !== undefined && !isAuthorized(recorded.headers, options.apiKey)) {
      const input = {
        requestId,
        status: 401,
        errorType: 'authentication_error',
        message: 'invalid x-api-key',
      };
      return sendErrorEnvelope(response, input);
    }
    const route = resolveRoute(method, path);
    switch (route) {
      case 'messages': {
        if (!isRecord(body)) {
          const message = 'The request body is not a JSON object.';
          return sendErrorEnvelope(response, {
            requestId,
            status: 400,
            errorType: 'invalid_request_error',
            message,
          });
        }
        const reply = exchange.nextReply(() => buildDefaultReply(body));
        return sendFakeReply(reply, {
          response,
          requestId,
          stream: body['stream'] === true,
          model: typeof body['model'] === 'string' ? body['model'] : (options.models?.[0] ?? 'claude-fake-1'),
          inputTokens: Math.ceil(rawBody.length / 4),
          textChunkSize: options.textChunkSize ?? DEFAULT_TEXT_CHUNK_SIZE,
          nextMessageId: () => `msg_fake_${++messageCount}`,
          sleep: exchange.sleep,
        });
      }
      case 'count-tokens':
        if (options.countTokens === false) return sendNotFound(response, requestId, path);
        return sendJson(response, 200, { input_tokens: Math.ceil(rawBody.length / 4) });
      case 'models':
        return sendJson(response, 200, buildModelsPage(options.models ?? DEFAULT_MODELS));
      case 'unknown':
        return sendNotFound(response, requestId, path);
      default:
        return assertNever(route);
    }
  };

  return startFakeServer({
    handle,
    sendFailure: (response, message) => {
      const requestId = String(response.getHeader('request-id') ?? 'req_fake_unknown');
      sendErrorEnvelope(response, { requestId, status: 500, errorType: 'api_error', message });
    },
  });
}

/** The reply used when the queue is empty: optional thinking block, then one text block. */
function buildDefaultReply(body: Record<string, unknown>): FakeReply {
  const thinking = body['thinking'];
  const thinkingType = isRecord(thinking) ? thinking['type'] : undefined;
  const wantsThinking = thinkingType === 'enabled' || thinkingType === 'adaptive';
  return {
    kind: 'message',
    content: [
      ...(wantsThinking
        ? [
            {
              type: 'thinking' as const,
              thinking: DEFAULT_REPLY_THINKING,
              signature: DEFAULT_REPLY_SIGNATURE,
            },
          ]
        : []),
      { type: 'text', text: DEFAULT_REPLY_TEXT },
    ],
  };
}

/** One page of "List Models" (`GET /v1/models`): `data[]` of ModelInfo, `has_more`, `first_id`, `last_id`. */
function buildModelsPage(models: readonly string[]): Record<string, unknown> {
  return {
    data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: MODEL_CREATED_AT })),
    has_more: false,
    first_id: models[0] ?? null,
    last_id: models[models.length - 1] ?? null,
  };
}

function resolveRoute(method: string, path: string): Route {
  const pathname = path.split('?', 1)[0] ?? '';
  if (method === 'POST' && pathname.endsWith('/v1/messages')) return 'messages';
  if (method === 'POST' && pathname.endsWith('/v1/messages/count_tokens')) return 'count-tokens';
  if (method === 'GET' && pathname.endsWith('/v1/models')) return 'models';
  return 'unknown';
}

function isAuthorized(headers: IncomingHttpHeaders, apiKey: string): boolean {
  if (headers['x-api-key'] === apiKey) return true;
  return headers.authorization === `Bearer ${apiKey}`;
}

function sendNotFound(response: ServerResponse, requestId: string, path: string): void {
  const message = `Not found: ${path}`;
  sendErrorEnvelope(response, { requestId, status: 404, errorType: 'not_found_error', message });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled route: ${String(value)}`);
}
