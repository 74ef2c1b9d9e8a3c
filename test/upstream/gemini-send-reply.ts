// Writes one scripted FakeGeminiReply to an HTTP response in the framing the request asked for: one JSON body
// (models.generateContent), server-sent events (models.streamGenerateContent?alt=sse) or one JSON array
// written element by element (models.streamGenerateContent without alt=sse); or an error envelope, raw bytes,
// a stream fault, or nothing at all (hang).
import type { ServerResponse } from 'node:http';
import {
  GEMINI_INTERNAL_ERROR,
  buildRetryInfoDetail,
  resolveGeminiErrorStatus,
  type FakeGeminiReply,
  type FakeGeminiStreamFaultReply,
} from './fake-gemini-reply.js';
import {
  buildGenerateContentResponse,
  buildStreamChunks,
  planGeminiResponse,
} from './gemini-build-response.js';
import { resetConnection, resetConnectionAfterGrace } from './reset-connection.js';
import { sendRawReply } from './send-raw-reply.js';
import { waitReplyDelay, writeChunk, writeReplyStream, type ReplyOutput } from './write-reply-stream.js';

/**
 * How a response is framed: `json` for `:generateContent`, `sse` for `:streamGenerateContent?alt=sse` (each
 * chunk a `data:` event), `json-array` for `:streamGenerateContent` without it (the chunks as one JSON array).
 * The Streaming REST quickstart (google-gemini/cookbook, quickstarts/rest/Streaming_REST.ipynb) shows both.
 */
export type GeminiFraming = 'json' | 'sse' | 'json-array';

/** The error object of the envelope (`google.rpc.Status` in JSON): HTTP code, message, status name, details. */
export interface GeminiErrorObject {
  code: number;
  message: string;
  status: string;
  details?: Record<string, unknown>[];
}

/** Per-request facts a reply needs, resolved by the server from the recorded request. */
export interface FakeGeminiReplyContext extends ReplyOutput {
  framing: GeminiFraming;
  /** The model named in the path, echoed as `modelVersion`. */
  model: string;
  /** ceil(request body characters / 4). */
  promptTokenCount: number;
  /** Characters per streamed text / thought piece. */
  chunkSize: number;
  /** A fresh `responseId`. */
  nextResponseId(): string;
}

/** Answers with `reply`; resolves once written (or at once for `hang` and `stall`, which leave the socket open). */
export async function sendFakeGeminiReply(
  reply: FakeGeminiReply,
  context: FakeGeminiReplyContext,
): Promise<void> {
  switch (reply.kind) {
    case 'message': {
      if (!(await waitReplyDelay(context, reply.delayMs))) return;
      const plan = planGeminiResponse(reply, {
        responseId: context.nextResponseId(),
        modelVersion: context.model,
        promptTokenCount: context.promptTokenCount,
      });
      if (context.framing === 'json')
        return sendGeminiJson(context.response, 200, buildGenerateContentResponse(plan));
      const chunks = buildStreamChunks(plan, context.chunkSize);
      const stream = startStream(context.response, context.framing);
      const delayMs = reply.eventDelayMs ?? 0;
      if (await writeReplyStream(context, chunks, delayMs, (chunk) => stream.write(chunk))) stream.end();
      return;
    }
    case 'error': {
      const error: GeminiErrorObject = {
        code: reply.status,
        message: reply.message,
        status: reply.grpcStatus ?? resolveGeminiErrorStatus(reply.status),
      };
      const details = [...(reply.details ?? [])];
      if (reply.retryDelaySeconds !== undefined) details.push(buildRetryInfoDetail(reply.retryDelaySeconds));
      if (details.length > 0) error.details = details;
      return sendGeminiError(context.response, context.framing, error, reply.headers ?? {});
    }
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

/**
 * Writes `{"error": {code, message, status, details?}}` with HTTP status `error.code`; for the `json-array`
 * framing the envelope is the only element of an array, as the API answers a non-SSE stream request.
 */
export function sendGeminiError(
  response: ServerResponse,
  framing: GeminiFraming,
  error: GeminiErrorObject,
  headers: Record<string, string> = {},
): void {
  const envelope = { error };
  sendGeminiJson(response, error.code, framing === 'json-array' ? [envelope] : envelope, headers);
}

/**
 * Writes `body` as `application/json; charset=UTF-8`, indented by two spaces and ending in a newline, as the
 * API prints its JSON bodies (the error bodies quoted in google-gemini/gemini-cli issues read `{\n  "error": …`).
 */
export function sendGeminiJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=UTF-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

/**
 * One chunk as an SSE event: `data: <json>` and a blank line, with CRLF line ends as the API writes them (the
 * cookbook's Streaming REST output keeps the `\r\n`; the SDK splits events on `\r\n\r\n` as well as `\n\n`).
 */
export function formatGeminiSseEvent(data: unknown): string {
  return `data: ${JSON.stringify(data)}\r\n\r\n`;
}

/** An open streamed response: one `write` per chunk, `end` closes the framing (no terminator event exists). */
interface ChunkStream {
  write(chunk: unknown): Promise<void>;
  end(): void;
}

function startStream(response: ServerResponse, framing: 'sse' | 'json-array'): ChunkStream {
  const contentType = framing === 'sse' ? 'text/event-stream' : 'application/json; charset=UTF-8';
  response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
  response.flushHeaders();
  if (framing === 'sse') {
    return {
      write: (chunk) => writeChunk(response, formatGeminiSseEvent(chunk)),
      end: () => void response.end(),
    };
  }
  let written = 0;
  return {
    write: (chunk) =>
      writeChunk(response, `${written++ === 0 ? '[' : ',\r\n'}${JSON.stringify(chunk, null, 2)}`),
    end: () => void response.end(written === 0 ? '[]' : ']'),
  };
}

async function sendStreamFault(
  reply: FakeGeminiStreamFaultReply,
  context: FakeGeminiReplyContext,
): Promise<void> {
  const { response } = context;
  if (context.framing === 'json') {
    if (reply.fault === 'reset') resetConnection(response);
    if (reply.fault === 'error-chunk') sendGeminiError(response, 'json', { ...GEMINI_INTERNAL_ERROR });
    return;
  }
  const plan = planGeminiResponse(
    { kind: 'message', text: reply.text },
    {
      responseId: context.nextResponseId(),
      modelVersion: context.model,
      promptTokenCount: context.promptTokenCount,
    },
  );
  const chunks = buildStreamChunks(plan, context.chunkSize).slice(0, Math.max(0, reply.afterChunks));
  const stream = startStream(response, context.framing);
  if (!(await writeReplyStream(context, chunks, 0, (chunk) => stream.write(chunk)))) return;
  switch (reply.fault) {
    case 'reset':
      return resetConnectionAfterGrace(context);
    case 'stall':
      return;
    case 'error-chunk':
      await stream.write({ error: GEMINI_INTERNAL_ERROR });
      stream.end();
      return;
    default:
      return assertNever(reply.fault);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled fake reply: ${JSON.stringify(value)}`);
}
