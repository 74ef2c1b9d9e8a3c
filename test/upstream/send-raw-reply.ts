// The `raw` reply every fake shares: any status and body, byte for byte (LM Studio's `{"error":"..."}`, an HTML
// 502 page from a proxy).
import type { ServerResponse } from 'node:http';

/** A scripted raw answer: status, extra headers, and the body sent as is. */
export interface RawReplyInput {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** Writes `reply.body` with its status and headers; `content-type` is `application/json` unless set there. */
export function sendRawReply(response: ServerResponse, reply: RawReplyInput): void {
  const headers = { ...reply.headers };
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  if (!hasContentType) headers['content-type'] = 'application/json';
  response.writeHead(reply.status, headers);
  response.end(reply.body);
}
