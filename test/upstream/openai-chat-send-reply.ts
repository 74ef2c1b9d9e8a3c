// Writes one scripted FakeOpenAIChatReply to an HTTP response: a chat completion object, a chunk stream
// ending in `data: [DONE]`, an error envelope, raw bytes, a stream fault, or nothing at all (hang).
import type { ServerResponse } from 'node:http';
import {
  OPENAI_CHAT_SERVER_ERROR,
  resolveOpenAIChatError,
  type FakeOpenAIChatErrorReply,
  type FakeOpenAIChatReply,
  type FakeOpenAIChatStreamFaultReply,
} from './fake-openai-chat-reply.js';
import { buildChatCompletionChunks } from './openai-chat-build-chunks.js';
import { buildChatCompletionJson, planChatCompletion } from './openai-chat-build-completion.js';
import { resetConnection, resetConnectionAfterGrace } from './reset-connection.js';
import { sendJson } from './send-fake-reply.js';
import { sendRawReply } from './send-raw-reply.js';
import {
  startSse,
  waitReplyDelay,
  writeChunk,
  writeReplyTexts,
  type ReplyOutput,
} from './write-reply-stream.js';

/** The stream terminator of "Create chat completion" (`stream`: "terminated by a `data: [DONE]` message"). */
export const DONE_EVENT = 'data: [DONE]\n\n';

/** Per-request facts a reply needs, resolved by the server from the recorded request. */
export interface FakeOpenAIChatReplyContext extends ReplyOutput {
  /** The request's `stream` field was `true`: answer with SSE. */
  stream: boolean;
  /** The request's `stream_options.include_usage` was `true`. */
  includeUsage: boolean;
  /** The request's `model`, echoed in the completion. */
  model: string;
  /** ceil(request body characters / 4). */
  promptTokens: number;
  /** Characters per content / reasoning delta. */
  chunkSize: number;
  /** Characters per tool call `function.arguments` piece. */
  argumentsChunkSize: number;
  /** The next completion's sequence number (1, 2, …). */
  nextCompletionNumber(): number;
}

/** Answers with `reply`; resolves once written (or at once for `hang` and `stall`, which leave the socket open). */
export async function sendFakeOpenAIChatReply(
  reply: FakeOpenAIChatReply,
  context: FakeOpenAIChatReplyContext,
): Promise<void> {
  switch (reply.kind) {
    case 'message': {
      if (!(await waitReplyDelay(context, reply.delayMs))) return;
      const plan = planChatCompletion(reply, {
        completionNumber: context.nextCompletionNumber(),
        model: context.model,
        promptTokens: context.promptTokens,
      });
      if (!context.stream) return sendJson(context.response, 200, buildChatCompletionJson(plan));
      const chunks = buildChatCompletionChunks(plan, {
        chunkSize: context.chunkSize,
        argumentsChunkSize: context.argumentsChunkSize,
        includeUsage: context.includeUsage,
        usageOnEveryChunk: reply.usageOnEveryChunk ?? false,
        toolCallNameLate: reply.toolCallNameLate ?? false,
        interleaveToolCalls: reply.interleaveToolCalls ?? false,
      });
      startSse(context.response);
      const events = [...chunks.map(formatDataEvent), DONE_EVENT];
      if (await writeReplyTexts(context, events, reply.eventDelayMs ?? 0)) context.response.end();
      return;
    }
    case 'error':
      return sendOpenAIErrorReply(context.response, reply);
    case 'raw':
      return sendRawReply(context.response, reply);
    case 'stream-fault':
      return sendStreamFault(reply, context);
    case 'hang':
      return;
    default:
      return assertNever(reply);
  }
}

/** The error object of the reference's `Error` schema: all four keys always present. */
export interface OpenAIErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** Writes `{"error": {message, type, param, code}}` (the `ErrorResponse` schema) with the given status. */
export function sendOpenAIErrorEnvelope(
  response: ServerResponse,
  status: number,
  error: OpenAIErrorObject,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, { error }, headers);
}

/**
 * Writes a scripted error reply (Chat Completions and Responses share it): `type` and `code` default to
 * {@link resolveOpenAIChatError}`(status)`, `param` to null; `headers` are added to the response.
 */
export function sendOpenAIErrorReply(response: ServerResponse, reply: FakeOpenAIChatErrorReply): void {
  const kind = resolveOpenAIChatError(reply.status);
  const error = {
    message: reply.message,
    type: reply.type ?? kind.type,
    param: reply.param ?? null,
    code: reply.code === undefined ? kind.code : reply.code,
  };
  sendOpenAIErrorEnvelope(response, reply.status, error, reply.headers ?? {});
}

/** Serializes one chunk as OpenAI streams it: a data-only event, `data: <json>\n\n` (no `event:` line). */
export function formatDataEvent(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

async function sendStreamFault(
  reply: FakeOpenAIChatStreamFaultReply,
  context: FakeOpenAIChatReplyContext,
): Promise<void> {
  const { response } = context;
  if (!context.stream) {
    if (reply.fault === 'reset') resetConnection(response);
    if (reply.fault === 'error-chunk')
      sendOpenAIErrorEnvelope(response, 500, { ...OPENAI_CHAT_SERVER_ERROR });
    return;
  }
  const plan = planChatCompletion(
    { kind: 'message', content: reply.content },
    {
      completionNumber: context.nextCompletionNumber(),
      model: context.model,
      promptTokens: context.promptTokens,
    },
  );
  const chunks = buildChatCompletionChunks(plan, {
    chunkSize: context.chunkSize,
    argumentsChunkSize: context.argumentsChunkSize,
    includeUsage: context.includeUsage,
    usageOnEveryChunk: false,
    toolCallNameLate: false,
    interleaveToolCalls: false,
  }).slice(0, Math.max(0, reply.afterChunks));
  startSse(response);
  if (!(await writeReplyTexts(context, chunks.map(formatDataEvent), 0))) return;
  switch (reply.fault) {
    case 'reset':
      return resetConnectionAfterGrace(context);
    case 'stall':
      return;
    case 'error-chunk':
      await writeChunk(response, formatDataEvent({ error: OPENAI_CHAT_SERVER_ERROR }));
      response.end();
      return;
    default:
      return assertNever(reply.fault);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled fake reply: ${JSON.stringify(value)}`);
}
