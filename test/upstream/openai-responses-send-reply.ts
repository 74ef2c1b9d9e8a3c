// Writes one scripted FakeOpenAIResponsesReply to an HTTP response: a response object, an event stream
// ("Streaming events"), an error envelope, raw bytes, a stream fault, or nothing at all (hang).
import type { ServerResponse } from 'node:http';
import { OPENAI_CHAT_SERVER_ERROR, resolveOpenAIChatError } from './fake-openai-chat-reply.js';
import type {
  FakeOpenAIResponsesMessageReply,
  FakeOpenAIResponsesReply,
  FakeOpenAIResponsesStreamFaultReply,
} from './fake-openai-responses-reply.js';
import { sendOpenAIErrorEnvelope } from './openai-chat-send-reply.js';
import {
  buildFailureEvents,
  buildResponseEvents,
  type OpenAIResponsesSseEvent,
} from './openai-responses-build-events.js';
import {
  buildResponseObject,
  planOpenAIResponse,
  type OpenAIResponsesPlan,
  type OpenAIResponsesRequestEcho,
} from './openai-responses-build-response.js';
import { formatSseEvent, sendJson } from './send-fake-reply.js';

/** Pause between the last bytes of a faulty stream and the socket reset, so the client reads them first (ms). */
const RESET_GRACE_MS = 20;

/** Per-request facts a reply needs, resolved by the server from the recorded request. */
export interface FakeOpenAIResponsesReplyContext {
  response: ServerResponse;
  /** The request's `stream` field was `true`: answer with SSE. */
  stream: boolean;
  /** The request's `model`, echoed in the response object. */
  model: string;
  /** ceil(request body characters / 4). */
  inputTokens: number;
  /** The request's `include` has `reasoning.encrypted_content`. */
  includeEncryptedReasoning: boolean;
  /** The request fields the response object echoes. */
  echo: OpenAIResponsesRequestEcho;
  /** Characters per text / summary / arguments delta. */
  chunkSize: number;
  /** The next response's sequence number (1, 2, …). */
  nextResponseNumber(): number;
  /** A timer (ms) that the fake cancels, resolving it, on `close()`. */
  sleep(milliseconds: number): Promise<void>;
}

/** Answers with `reply`; resolves once written (or at once for `hang` and `stall`, which leave the socket open). */
export async function sendFakeOpenAIResponsesReply(
  reply: FakeOpenAIResponsesReply,
  context: FakeOpenAIResponsesReplyContext,
): Promise<void> {
  switch (reply.kind) {
    case 'message': {
      if (reply.delayMs !== undefined && reply.delayMs > 0) await context.sleep(reply.delayMs);
      if (!isWritable(context.response)) return;
      const plan = planResponse(reply, context);
      if (!context.stream) return sendJson(context.response, 200, buildResponseObject(plan, 'final'));
      startSse(context.response);
      const events = buildResponseEvents(plan, context.chunkSize);
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

async function sendStreamFault(
  reply: FakeOpenAIResponsesStreamFaultReply,
  context: FakeOpenAIResponsesReplyContext,
): Promise<void> {
  const { response } = context;
  if (!context.stream) {
    if (reply.fault === 'reset') resetSocket(response);
    if (reply.fault === 'failed-event')
      sendOpenAIErrorEnvelope(response, 500, { ...OPENAI_CHAT_SERVER_ERROR });
    return;
  }
  const plan = planResponse({ kind: 'message', text: reply.text }, context);
  const all = buildResponseEvents(plan, context.chunkSize);
  // never the terminal response.completed: a faulty stream does not finish
  const events = all.slice(0, Math.min(Math.max(0, reply.afterEvents), all.length - 1));
  startSse(response);
  if (!(await writeEvents(context, events, 0))) return;
  switch (reply.fault) {
    case 'reset':
      await context.sleep(RESET_GRACE_MS);
      resetSocket(response);
      return;
    case 'stall':
      return;
    case 'failed-event':
      if (await writeEvents(context, buildFailureEvents(plan, events.length), 0)) response.end();
      return;
    default:
      return assertNever(reply.fault);
  }
}

function planResponse(
  reply: FakeOpenAIResponsesMessageReply,
  context: FakeOpenAIResponsesReplyContext,
): OpenAIResponsesPlan {
  return planOpenAIResponse(reply, {
    responseNumber: context.nextResponseNumber(),
    model: context.model,
    inputTokens: context.inputTokens,
    includeEncryptedReasoning: context.includeEncryptedReasoning,
    echo: context.echo,
  });
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
  context: FakeOpenAIResponsesReplyContext,
  events: readonly OpenAIResponsesSseEvent[],
  delayMs: number,
): Promise<boolean> {
  for (const [position, sseEvent] of events.entries()) {
    if (position > 0 && delayMs > 0) await context.sleep(delayMs);
    if (!isWritable(context.response)) return false;
    await writeChunk(context.response, formatSseEvent(sseEvent));
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
