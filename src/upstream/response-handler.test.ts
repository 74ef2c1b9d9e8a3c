import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeDispatchers } from './dispatcher.js';
import { describeStreamFailure, sendUpstreamRequest } from './send-request.js';

// sendUpstreamRequest with undici's dispatch and UpstreamResponseHandler, against loopback servers.
const servers: Server[] = [];
const sockets = new Set<Socket>();

async function listen(handle: (response: ServerResponse, socket: Socket) => void): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => handle(response, request.socket));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions?beta=true`;
}

function post(url: string, signal?: AbortSignal) {
  return sendUpstreamRequest({
    upstreamId: 'local',
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"stream":true}',
    signal,
  });
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

afterAll(async () => {
  await closeDispatchers();
});

describe('sendUpstreamRequest: the response', () => {
  it('gives status and headers at once, and the body chunk by chunk as it is written', async () => {
    let second: (() => void) | undefined;
    const url = await listen((response) => {
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'r1' });
      response.write('data: one\n\n');
      second = () => response.end('data: two\n\n');
    });
    const response = await post(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.headers['x-request-id']).toBe('r1');
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    const reader = response.body[Symbol.asyncIterator]();
    expect(String((await reader.next()).value)).toBe('data: one\n\n');
    second?.();
    expect(String((await reader.next()).value)).toBe('data: two\n\n');
    expect((await reader.next()).done).toBe(true);
  });

  it('skips an informational answer (103 Early Hints)', async () => {
    const url = await listen((response) => {
      response.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    const response = await post(url);
    expect(response.statusCode).toBe(201);
    expect(await response.body.text()).toBe('{"ok":true}');
  });

  it('holds the upstream back while the reader is slow, and loses no byte', async () => {
    const payload = Buffer.alloc(8 * 1024 * 1024);
    for (let index = 0; index < payload.length; index += 1) payload[index] = (index * 31) & 0xff;
    let refusals = 0;
    const url = await listen((response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      let offset = 0;
      const pump = (): void => {
        while (offset < payload.length) {
          const piece = payload.subarray(offset, offset + 256 * 1024);
          offset += piece.length;
          if (!response.write(piece)) {
            refusals += 1;
            response.once('drain', pump);
            return;
          }
        }
        response.end();
      };
      pump();
    });
    const response = await post(url);
    const digest = createHash('sha256');
    let received = 0;
    for await (const chunk of response.body) {
      digest.update(chunk);
      received += chunk.byteLength;
      // A slow reader: the upstream has to wait for it.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(received).toBe(payload.length);
    expect(digest.digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
    expect(refusals).toBeGreaterThan(0);
  });

  it('rejects with the signal’s reason when the client left before the headers', async () => {
    const url = await listen(() => undefined);
    const controller = new AbortController();
    const pending = post(url, controller.signal);
    const reason = new Error('client gone');
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);

    const aborted = new AbortController();
    aborted.abort();
    await expect(post(url, aborted.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fails the body read and closes the connection when the client leaves mid-stream', async () => {
    let closed: Promise<unknown> | undefined;
    const url = await listen((response, socket) => {
      closed = once(socket, 'close');
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
    });
    const controller = new AbortController();
    const response = await post(url, controller.signal);
    const reader = response.body[Symbol.asyncIterator]();
    await reader.next();
    const reason = new Error('client gone');
    controller.abort(reason);
    await expect(reader.next()).rejects.toBe(reason);
    await closed;
  });

  it('closes the connection when the reader leaves early, and reuses it after a full read', async () => {
    const ports: number[] = [];
    let closes = 0;
    const url = await listen((response, socket) => {
      ports.push(socket.remotePort ?? 0);
      socket.once('close', () => (closes += 1));
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      if (ports.length > 1) response.end('data: two\n\n');
    });
    const first = await post(url);
    for await (const chunk of first.body) {
      expect(String(chunk)).toBe('data: one\n\n');
      break;
    }
    await expect.poll(() => closes).toBe(1);
    const second = await post(url);
    expect(await second.body.text()).toBe('data: one\n\ndata: two\n\n');
    // undici hands a finished connection back to its pool on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    const third = await post(url);
    await third.body.dump();
    expect(ports[2]).toBe(ports[1]);
    expect(ports[1]).not.toBe(ports[0]);
  });

  it('fails the body read when the upstream resets the connection mid-body', async () => {
    const url = await listen((response, socket) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n', () => setTimeout(() => socket.destroy(), 10));
    });
    const response = await post(url);
    const error = await response.body.text().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(describeStreamFailure(error)).toBe('the connection was reset');
  });
});
