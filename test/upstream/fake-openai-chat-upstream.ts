// A fake OpenAI Chat Completions server for tests: node:http on 127.0.0.1 and an ephemeral port, scripted
// replies, every request recorded. The twin of fake-anthropic-upstream.ts (same options style, recording,
// queue and fault switches). Shapes follow the OpenAI API reference ("Create chat completion", "The chat
// completion object", "The chat completion chunk object", "List models"); see __fixtures__/openai-chat-*.
import type { FakeOpenAIChatReply } from './fake-openai-chat-reply.js';
import { startFakeOpenAIServer } from './fake-openai-server.js';
import type { FakeUpstream } from './fake-server.js';
import { sendFakeOpenAIChatReply } from './openai-chat-send-reply.js';

export type { RecordedRequest } from './fake-server.js';

/** Models listed by `GET …/models` when none are configured. */
const DEFAULT_MODELS: readonly string[] = ['gpt-fake-1'];
/** Characters per streamed content / reasoning delta (and tool argument piece) when not configured. */
const DEFAULT_CHUNK_SIZE = 8;
/** Content of the default reply, used when the queue is empty. */
export const DEFAULT_OPENAI_CHAT_REPLY_TEXT = 'Hello from the fake OpenAI upstream.';

/** How the fake behaves; every field is optional. */
export interface FakeOpenAIChatOptions {
  /** When set, every request must carry `Authorization: Bearer <apiKey>`; else 401 (`invalid_api_key`). */
  apiKey?: string;
  /** Model ids listed by `GET …/models`; default `['gpt-fake-1']`. */
  models?: string[];
  /** Characters per `delta.content` (and reasoning) piece; default 8. */
  chunkSize?: number;
  /** Characters per tool call `function.arguments` piece; default `chunkSize`. */
  argumentsChunkSize?: number;
}

/** A running fake upstream; its `requests` have the same shape as the Anthropic fake's. */
export interface FakeOpenAIChatUpstream extends FakeUpstream<FakeOpenAIChatReply> {
  /** Base URL WITHOUT `/v1`, `http://127.0.0.1:<port>` (SDKs take `url + '/v1'`). */
  url: string;
  /** Queues replies for the next `POST …/chat/completions` requests, used first in, first out. */
  enqueue(...replies: FakeOpenAIChatReply[]): void;
}

/**
 * Starts the fake on `127.0.0.1:0`. Routes: `POST <any prefix>/chat/completions` (so `…/v1`, `…/openai/v1`
 * and `…/api/v1` base URLs all work; queued reply or the default reply), `GET <any prefix>/models` ("List
 * models": `{"object":"list","data":[{id, object:"model", created, owned_by}]}`); anything else is a 404
 * `invalid_request_error` envelope ("Invalid URL (<METHOD> <path>)"). Every response carries an
 * `x-request-id` header (`req_fake_<n>`), which the openai SDK exposes as `_request_id` / `requestID`.
 */
export async function startFakeOpenAIChatUpstream(
  options: FakeOpenAIChatOptions = {},
): Promise<FakeOpenAIChatUpstream> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let completionCount = 0;
  return startFakeOpenAIServer<FakeOpenAIChatReply>({
    apiKey: options.apiKey,
    models: options.models ?? DEFAULT_MODELS,
    generatePath: '/chat/completions',
    answer: (exchange, body) => {
      const reply = exchange.nextReply(() => ({ kind: 'message', content: DEFAULT_OPENAI_CHAT_REPLY_TEXT }));
      const streamOptions = body['stream_options'];
      return sendFakeOpenAIChatReply(reply, {
        response: exchange.response,
        stream: body['stream'] === true,
        includeUsage: isRecord(streamOptions) && streamOptions['include_usage'] === true,
        model: typeof body['model'] === 'string' ? body['model'] : (options.models?.[0] ?? 'gpt-fake-1'),
        promptTokens: Math.ceil(exchange.recorded.rawBody.length / 4),
        chunkSize,
        argumentsChunkSize: options.argumentsChunkSize ?? chunkSize,
        nextCompletionNumber: () => ++completionCount,
        sleep: exchange.sleep,
      });
    },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
