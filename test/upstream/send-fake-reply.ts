// Writes one scripted FakeReply to an HTTP response: a JSON message, an SSE stream ("Streaming messages"),
// an error envelope ("Errors", "Error shapes"), raw bytes, a stream fault, or nothing at all (hang).
import type { ServerResponse } from 'node:http';
import {
  buildMessageEvents,
  buildMessageJson,
  planFakeMessage,
  type AnthropicSseEvent,
  type FakeMessagePlan,
} from './build-message-events.js';
import {
  resolveAnthropicErrorType,
  type FakeContentBlock,
  type FakeReply,
  type FakeStreamFaultReply,
} from './fake-reply.js';
import { resetConnection, resetConnectionAfterGrace } from './reset-connection.js';
import { sendRawReply } from './send-raw-reply.js';
import {
  startSse,
  waitReplyDelay,
  writeChunk,
  writeReplyTexts,
  type ReplyOutput,
} from './write-reply-stream.js';

/**
 * The stream `error` event of "Streaming messages" ("Error events"): what the `error-event` fault sends.
 * Its non-streaming counterpart is HTTP 529 `overloaded_error`.
 */
export const OVERLOADED_ERROR_EVENT: AnthropicSseEvent = {
  event: 'error',
  data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
};

/** Per-request facts a reply needs, resolved by the server from the recorded request. */
export interface FakeReplyContext extends ReplyOutput {
  /** The `request-id` header value, repeated as `request_id` in error envelopes. */
  requestId: string;
  /** The request's `stream` field was `true`: answer with SSE. */
  stream: boolean;
  /** The request's `model`, echoed in the message. */
  model: string;
  /** ceil(request body characters / 4). */
  inputTokens: number;
  /** Characters per `text_delta` / `thinking_delta` / `input_json_delta` piece. */
  textChunkSize: number;
  /** A fresh message id (`msg_fake_<n>`). */
  nextMessageId(): string;
}

/** Answers with `reply`; resolves once written (or at once for `hang` and `stall`, which leave the socket open). */
export async function sendFakeReply(reply: FakeReply, context: FakeReplyContext): Promise<void> {
  switch (reply.kind) {
    case 'message': {
      if (!(await waitReplyDelay(context, reply.delayMs))) return;
      const plan = planFakeMessage({
        id: context.nextMessageId(),
        model: context.model,
        content: reply.content,
        inputTokens: context.inputTokens,
        stopReason: reply.stopReason,
        stopSequence: reply.stopSequence,
        usage: reply.usage,
        omitUsage: reply.omitUsage,
      });
      if (!context.stream) return sendJson(context.response, 200, buildMessageJson(plan));
      startSse(context.response);
      const events = buildMessageEvents(plan, context.textChunkSize);
      if (await writeReplyTexts(context, events.map(formatSseEvent), reply.eventDelayMs ?? 0)) {
        context.response.end();
      }
      return;
    }
    case 'error':
      return sendErrorEnvelope(context.response, {
        requestId: context.requestId,
        status: reply.status,
        errorType: reply.errorType ?? resolveAnthropicErrorType(reply.status),
        message: reply.message,
        headers: reply.headers ?? {},
      });
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

/** What {@link sendErrorEnvelope} writes: status, error type and message, extra headers. */
export interface ErrorEnvelopeInput {
  requestId: string;
  status: number;
  errorType: string;
  message: string;
  headers?: Record<string, string>;
}

/**
 * Writes the Errors reference's envelope: `{"type":"error","error":{"type","message"},"request_id"}` with
 * the given HTTP status.
 */
export function sendErrorEnvelope(response: ServerResponse, input: ErrorEnvelopeInput): void {
  const body = {
    type: 'error',
    error: { type: input.errorType, message: input.message },
    request_id: input.requestId,
  };
  sendJson(response, input.status, body, input.headers ?? {});
}

/** Writes `body` as `application/json` with the given status and extra headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

/** Serializes one event as the reference shows it: `event: <name>\ndata: <json>\n\n`. */
export function formatSseEvent(sseEvent: AnthropicSseEvent): string {
  return `event: ${sseEvent.event}\ndata: ${JSON.stringify(sseEvent.data)}\n\n`;
}

async function sendStreamFault(reply: FakeStreamFaultReply, context: FakeReplyContext): Promise<void> {
  const { response } = context;
  if (!context.stream) {
    if (reply.fault === 'reset') resetConnection(response);
    if (reply.fault === 'error-event') {
      sendErrorEnvelope(response, {
        requestId: context.requestId,
        status: 529,
        errorType: 'overloaded_error',
        message: 'Overloaded',
      });
    }
    return;
  }
  const plan = planFaultyMessage(reply.content, context);
  const events = buildMessageEvents(plan, context.textChunkSize).slice(0, Math.max(0, reply.afterEvents));
  startSse(response);
  if (!(await writeReplyTexts(context, events.map(formatSseEvent), 0))) return;
  switch (reply.fault) {
    case 'reset':
      return resetConnectionAfterGrace(context);
    case 'stall':
      return;
    case 'error-event':
      await writeChunk(response, formatSseEvent(OVERLOADED_ERROR_EVENT));
      response.end();
      return;
    default:
      return assertNever(reply.fault);
  }
}

function planFaultyMessage(content: FakeContentBlock[], context: FakeReplyContext): FakeMessagePlan {
  return planFakeMessage({
    id: context.nextMessageId(),
    model: context.model,
    content,
    inputTokens: context.inputTokens,
  });
}

function assertNever(value: never): never {
  throw new Error(`Unhandled fake reply: ${JSON.stringify(value)}`);
}
