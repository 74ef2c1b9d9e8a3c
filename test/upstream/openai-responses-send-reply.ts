// Writes one scripted FakeOpenAIResponsesReply to an HTTP response: a response object, an event stream
// ("Streaming events"), an error envelope, raw bytes, a stream fault, or nothing at all (hang).
import { OPENAI_CHAT_SERVER_ERROR } from './fake-openai-chat-reply.js';
import type {
  FakeOpenAIResponsesMessageReply,
  FakeOpenAIResponsesReply,
  FakeOpenAIResponsesStreamFaultReply,
} from './fake-openai-responses-reply.js';
import { sendOpenAIErrorEnvelope, sendOpenAIErrorReply } from './openai-chat-send-reply.js';
import { buildFailureEvents, buildResponseEvents } from './openai-responses-build-events.js';
import {
  buildResponseObject,
  planOpenAIResponse,
  type OpenAIResponsesPlan,
  type OpenAIResponsesRequestEcho,
} from './openai-responses-build-response.js';
import { resetConnection, resetConnectionAfterGrace } from './reset-connection.js';
import { formatSseEvent, sendJson } from './send-fake-reply.js';
import { sendRawReply } from './send-raw-reply.js';
import { startSse, waitReplyDelay, writeReplyTexts, type ReplyOutput } from './write-reply-stream.js';

/** Per-request facts a reply needs, resolved by the server from the recorded request. */
export interface FakeOpenAIResponsesReplyContext extends ReplyOutput {
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
}

/** Answers with `reply`; resolves once written (or at once for `hang` and `stall`, which leave the socket open). */
export async function sendFakeOpenAIResponsesReply(
  reply: FakeOpenAIResponsesReply,
  context: FakeOpenAIResponsesReplyContext,
): Promise<void> {
  switch (reply.kind) {
    case 'message': {
      if (!(await waitReplyDelay(context, reply.delayMs))) return;
      const plan = planResponse(reply, context);
      if (!context.stream) return sendJson(context.response, 200, buildResponseObject(plan, 'final'));
      startSse(context.response);
      const events = buildResponseEvents(plan, context.chunkSize);
      if (await writeReplyTexts(context, events.map(formatSseEvent), reply.eventDelayMs ?? 0)) {
        context.response.end();
      }
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

async function sendStreamFault(
  reply: FakeOpenAIResponsesStreamFaultReply,
  context: FakeOpenAIResponsesReplyContext,
): Promise<void> {
  const { response } = context;
  if (!context.stream) {
    if (reply.fault === 'reset') resetConnection(response);
    if (reply.fault === 'failed-event')
      sendOpenAIErrorEnvelope(response, 500, { ...OPENAI_CHAT_SERVER_ERROR });
    return;
  }
  const plan = planResponse({ kind: 'message', text: reply.text }, context);
  const all = buildResponseEvents(plan, context.chunkSize);
  // never the terminal response.completed: a faulty stream does not finish
  const events = all.slice(0, Math.min(Math.max(0, reply.afterEvents), all.length - 1));
  startSse(response);
  if (!(await writeReplyTexts(context, events.map(formatSseEvent), 0))) return;
  switch (reply.fault) {
    case 'reset':
      return resetConnectionAfterGrace(context);
    case 'stall':
      return;
    case 'failed-event': {
      const failure = buildFailureEvents(plan, events.length).map(formatSseEvent);
      if (await writeReplyTexts(context, failure, 0)) response.end();
      return;
    }
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

function assertNever(value: never): never {
  throw new Error(`Unhandled fake reply: ${JSON.stringify(value)}`);
}
