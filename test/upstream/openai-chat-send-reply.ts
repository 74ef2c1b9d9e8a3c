// Writes one scripted FakeOpenAIChatReply to an HTTP response: a chat completion object, a chunk stream
// ending in `data: [DONE]`, an error envelope, raw bytes, a stream fault, or nothing at all (hang).
import type { ServerResponse } from 'node:http';
import {
  OPENAI_CHAT_SERVER_ERROR,
  resolveOpenAIChatError,
  type FakeOpenAIChatReply,
  type FakeOpenAIChatStreamFaultReply,
} from './fake-openai-chat-reply.js';
import { buildChatCompletionChunks } from './openai-chat-build-chunks.js';
import { buildChatCompletionJson, planChatCompletion } from './openai-chat-build-completion.js';
import { sendJson } from './send-fake-reply.js';

/** Pause between the last bytes of a faulty stream and the socket reset, so the client reads them first (ms). */
const RESET_GRACE_MS = 20;

/** The stream terminator of "Create chat completion" (`stream`: "terminated by a `data: [DONE]` message"). */
export const DONE_EVENT = 'data: [DONE]\n\n';

/** Per-request facts a reply needs, resolved by the server from the recorded request. */
export interface FakeOpenAIChatReplyContext {
  response: ServerResponse;
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
  /** A timer (ms) that the fake cancels, resolving it, on `close()`. */
  sleep(milliseconds: number): Promise<void>;
}

/** Answers with `reply`; resolves once written (or at once for `hang` and `stall`, which leave the socket open). */
export async function sendFakeOpenAIChatReply(
  reply: FakeOpenAIChatReply,
  context: FakeOpenAIChatReplyContext,
): Promise<void> {
  switch (reply.kind) {
    case 'message': {
      if (reply.delayMs !== undefined && reply.delayMs > 0) await context.sleep(reply.delayMs);
      if (!isWritable(context.response)) return;
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
      if (await writeEvents(context, events, reply.eventDelayMs ?? 0)) context.response.end();
      return;
    }
    case 'error': {
      const kind = resolveOpenAIChatError(reply.status);
      const error = {
        message: reply.message,
        type: reply.type ?? kind.type,
        param: reply.param ?? null,
        code: reply.code === undefined ? kind.code : reply.code,
      };
      return sendOpenAIErrorEnvelope(context.response, reply.status, error, reply.headers ?? {});
    }
    case 'raw': {
      const headers = { ...reply.headers };
      const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
      if (!hasContentType) headers['content-type'] = 'application/json';
      context.response.writeHead(reply.status, headers);
      context.response.end(reply.body);
      return;
    }
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
    if (reply.fault === 'reset') resetSocket(response);
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
  if (!(await writeEvents(context, chunks.map(formatDataEvent), 0))) return;
  switch (reply.fault) {
    case 'reset':
      await context.sleep(RESET_GRACE_MS);
      resetSocket(response);
      return;
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

function startSse(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  response.flushHeaders();
}

/** Writes the events in order, `delayMs` apart; false when the response went away midway. */
async function writeEvents(
  context: FakeOpenAIChatReplyContext,
  events: readonly string[],
  delayMs: number,
): Promise<boolean> {
  for (const [position, text] of events.entries()) {
    if (position > 0 && delayMs > 0) await context.sleep(delayMs);
    if (!isWritable(context.response)) return false;
    await writeChunk(context.response, text);
  }
  return isWritable(context.response);
}

/** Resolves once the chunk was handed to the socket (or failed because the socket is gone). */
function writeChunk(response: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    response.write(chunk, () => resolve());
  });
}

function isWritable(response: ServerResponse): boolean {
  const socket = response.socket;
  return !response.destroyed && !response.writableEnded && socket !== null && !socket.destroyed;
}

/** Drops the connection with a TCP reset (RST), as a failing upstream or proxy would. */
function resetSocket(response: ServerResponse): void {
  const socket = response.socket;
  if (socket === null) return;
  socket.resetAndDestroy();
}

function assertNever(value: never): never {
  throw new Error(`Unhandled fake reply: ${JSON.stringify(value)}`);
}
