// The bench upstream: a minimal, instant LLM API server (node:http, no recording, no checks), run as its
// own process by bench/run.ts. Every answer is serialised once at start (bench-replies.ts, whose shapes are
// the project's fake upstreams': test/upstream/build-message-events.ts and openai-chat-build-chunks.ts,
// written from the Messages API "Streaming messages" reference and OpenAI's chat completion chunk
// reference). Routes, by path (query ignored):
//   POST [/tool]/v1/messages          JSON, or SSE when the body has "stream": true (200 text deltas;
//                                     under /tool the deltas end in a tool_use block)
//   POST [/tool]/v1/chat/completions  JSON, or SSE with 200 chunks (under /tool ending in a tool call)
//   POST /slow/v1/messages            SSE: the head and a first delta at once, then one delta a second,
//                                     until the client goes away
// Prints `listening on http://127.0.0.1:<port>` once listening. Port: argv[2] (default 0, ephemeral).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildBenchReplies } from './bench-replies.js';

const replies = buildBenchReplies();
const STREAM_MARKERS = [Buffer.from('"stream":true'), Buffer.from('"stream": true')];
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
/** Slow streams get one delta per this many ms. */
const SLOW_INTERVAL_MS = 1000;
const slowStreams = new Set<ServerResponse>();

setInterval(() => {
  for (const response of slowStreams) response.write(replies.slowDelta);
}, SLOW_INTERVAL_MS).unref();

const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => answer(request, response, Buffer.concat(chunks)));
});

function answer(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const streaming = STREAM_MARKERS.some((marker) => body.includes(marker));
  const tool = path.startsWith('/tool/');
  response.setHeader('request-id', 'req_bench');
  if (path === '/slow/v1/messages') {
    response.writeHead(200, SSE_HEADERS);
    response.write(replies.slowHead);
    slowStreams.add(response);
    response.on('close', () => slowStreams.delete(response));
  } else if (path.endsWith('/v1/messages')) {
    if (!streaming) return sendJson(response, replies.anthropicJson);
    sendSse(response, tool ? replies.anthropicStreamTool : replies.anthropicStreamText);
  } else if (path.endsWith('/v1/chat/completions')) {
    if (!streaming) return sendJson(response, replies.openaiJson);
    sendSse(response, tool ? replies.openaiStreamTool : replies.openaiStreamText);
  } else {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"type":"error","error":{"type":"not_found_error","message":"no such route"}}');
  }
}

function sendJson(response: ServerResponse, body: Buffer): void {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.byteLength });
  response.end(body);
}

/** Writes the whole stream at once, chunked (no content-length), as an instant upstream would. */
function sendSse(response: ServerResponse, body: Buffer): void {
  response.writeHead(200, SSE_HEADERS);
  response.write(body);
  response.end();
}

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
