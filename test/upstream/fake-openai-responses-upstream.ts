// A fake OpenAI Responses server for tests: node:http on 127.0.0.1 and an ephemeral port, scripted replies,
// every request recorded. The twin of fake-openai-chat-upstream.ts (same options style, recording, queue and
// fault switches). Shapes follow the OpenAI API reference ("Create a model response", "The response object",
// "Streaming events", "List models") and the reasoning guide; see __fixtures__/openai-responses-*.
import type { FakeOpenAIResponsesReply } from './fake-openai-responses-reply.js';
import { startFakeOpenAIServer } from './fake-openai-server.js';
import type { FakeUpstream } from './fake-server.js';
import { resolveRequestEcho } from './openai-responses-build-response.js';
import { sendFakeOpenAIResponsesReply } from './openai-responses-send-reply.js';

export type { RecordedRequest } from './fake-server.js';

/** Models listed by `GET …/models` when none are configured. */
const DEFAULT_MODELS: readonly string[] = ['gpt-fake-1'];
/** Characters per streamed text / summary / arguments delta when not configured. */
const DEFAULT_CHUNK_SIZE = 8;
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

/** A running fake upstream; its `requests` have the same shape as the Anthropic fake's. */
export interface FakeOpenAIResponsesUpstream extends FakeUpstream<FakeOpenAIResponsesReply> {
  /** Base URL WITHOUT `/v1`, `http://127.0.0.1:<port>` (SDKs take `url + '/v1'`). */
  url: string;
  /** Queues replies for the next `POST …/responses` requests, used first in, first out. */
  enqueue(...replies: FakeOpenAIResponsesReply[]): void;
}

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
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let responseCount = 0;
  return startFakeOpenAIServer<FakeOpenAIResponsesReply>({
    apiKey: options.apiKey,
    models: options.models ?? DEFAULT_MODELS,
    generatePath: '/responses',
    answer: (exchange, body) => {
      const include = Array.isArray(body['include']) ? body['include'] : [];
      const includeEncryptedReasoning = include.includes(ENCRYPTED_REASONING_INCLUDE);
      const reply = exchange.nextReply(() =>
        defaultReply(isRecord(body['reasoning']) && includeEncryptedReasoning),
      );
      return sendFakeOpenAIResponsesReply(reply, {
        response: exchange.response,
        stream: body['stream'] === true,
        model: typeof body['model'] === 'string' ? body['model'] : (options.models?.[0] ?? 'gpt-fake-1'),
        inputTokens: Math.ceil(exchange.recorded.rawBody.length / 4),
        includeEncryptedReasoning,
        echo: resolveRequestEcho(body),
        chunkSize,
        nextResponseNumber: () => ++responseCount,
        sleep: exchange.sleep,
      });
    },
  });
}

/** The reply used when the queue is empty; with a reasoning item when the request asked for encrypted reasoning. */
function defaultReply(withReasoning: boolean): FakeOpenAIResponsesReply {
  const text = DEFAULT_OPENAI_RESPONSES_REPLY_TEXT;
  if (!withReasoning) return { kind: 'message', text };
  return { kind: 'message', text, reasoning: { summary: DEFAULT_OPENAI_RESPONSES_REASONING_SUMMARY } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
