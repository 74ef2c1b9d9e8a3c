import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { HttpTimeouts } from '../config/switchboard-config.js';
import { UpstreamTimeoutError } from '../errors/upstream-error.js';
import { closeDispatchers, getDispatcher, HttpTimeoutError } from './dispatcher.js';
import { classifyNetworkError, describeStreamFailure, sendUpstreamRequest } from './send-request.js';

const CONTEXT = { upstreamId: 'local', endpoint: 'http://127.0.0.1/v1/messages' };
const servers: Server[] = [];
const sockets = new Set<Socket>();

/** Starts a loopback server; every socket is destroyed after each test. */
async function listen(server: Server): Promise<string> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`;
}

function timeouts(overrides: Partial<HttpTimeouts>): HttpTimeouts {
  return { connectMs: 2000, writeMs: 2000, readMs: 2000, ...overrides };
}

async function post(url: string, limits: HttpTimeouts, body: string | Buffer = '{}') {
  return sendUpstreamRequest({
    upstreamId: 'local',
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    timeouts: limits,
  });
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

afterAll(async () => {
  await closeDispatchers();
});

describe('upstream HTTP timeouts', () => {
  it('names the read timeout when no response headers come', async () => {
    const url = await listen(createServer(() => undefined));
    const started = Date.now();
    const error = await post(url, timeouts({ readMs: 200 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    const timeout = error as UpstreamTimeoutError;
    expect(timeout.status).toBe(504);
    expect(timeout.phase).toBe('headers');
    expect(timeout.timeoutMs).toBe(200);
    expect(timeout.message).toBe(
      `Upstream 'local' at ${url} timed out: no response headers within 200 ms (read timeout).`,
    );
    // undici runs headers and body timers on its 499 ms "fast timer" tick: up to about a second late.
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('fails the body read with UND_ERR_BODY_TIMEOUT when chunks stop, naming the read timeout', async () => {
    const url = await listen(
      createServer((request, response) => {
        request.resume();
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('event: ping\ndata: {}\n\n');
      }),
    );
    const response = await post(url, timeouts({ readMs: 200 }));
    expect(response.statusCode).toBe(200);
    const error = await response.body.text().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect((error as HttpTimeoutError).code).toBe('UND_ERR_BODY_TIMEOUT');
    expect(describeStreamFailure(error)).toBe('no data for 200 ms between chunks (read timeout)');
    const failure = classifyNetworkError(CONTEXT, error);
    expect(failure).toBeInstanceOf(UpstreamTimeoutError);
    expect(failure.message).toContain('no data for 200 ms between chunks (read timeout)');
  });

  it('waits past a slow answer when the read timeout is 0', async () => {
    const url = await listen(
      createServer((request, response) => {
        request.resume();
        setTimeout(() => response.end('{"ok":true}'), 400);
      }),
    );
    const response = await post(url, timeouts({ readMs: 0 }));
    expect(JSON.parse(await response.body.text())).toEqual({ ok: true });
  });

  it('names the write timeout when the upstream does not read a large body', async () => {
    const server = createTcpServer((socket) => {
      sockets.add(socket);
      socket.pause();
    });
    servers.push(server as unknown as Server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`;
    const started = Date.now();
    const error = await post(
      url,
      timeouts({ writeMs: 200, readMs: 5000 }),
      Buffer.alloc(64 * 1024 * 1024, 97),
    ).catch((caught: unknown) => caught);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect((error as UpstreamTimeoutError).phase).toBe('write');
    expect((error as Error).message).toContain('request not written within 200 ms (write timeout)');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2000);
  });

  it('sends a large body whole, with its content-length, under a write timeout', async () => {
    let received: { length: string | undefined; chunked: boolean; bytes: number; digest: string } | undefined;
    const url = await listen(
      createServer((request, response) => {
        const hash = createHash('sha256');
        let bytes = 0;
        request.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          hash.update(chunk);
        });
        request.on('end', () => {
          received = {
            length: request.headers['content-length'],
            chunked: request.headers['transfer-encoding'] !== undefined,
            bytes,
            digest: hash.digest('hex'),
          };
          response.end('ok');
        });
      }),
    );
    const body = 'é'.repeat(600_000); // 1.2 MB of UTF-8 as a string
    const response = await post(url, timeouts({ writeMs: 2000 }), body);
    expect(await response.body.text()).toBe('ok');
    expect(received).toEqual({
      length: String(Buffer.byteLength(body)),
      chunked: false,
      bytes: Buffer.byteLength(body),
      digest: createHash('sha256').update(body).digest('hex'),
    });
  });

  it('names a connect timeout with its configured value', () => {
    const undiciError = Object.assign(new Error('Connect Timeout Error'), {
      code: 'UND_ERR_CONNECT_TIMEOUT',
    });
    const failure = classifyNetworkError(CONTEXT, undiciError, timeouts({ connectMs: 10_000 }));
    expect(failure).toBeInstanceOf(UpstreamTimeoutError);
    expect(failure.message).toContain('no connection within 10 s (connect timeout)');
  });
});

describe('getDispatcher', () => {
  it('keeps one dispatcher per proxy URL and timeouts tuple', async () => {
    const base = timeouts({});
    const direct = getDispatcher(undefined, base);
    expect(getDispatcher(undefined, { ...base })).toBe(direct);
    expect(getDispatcher('', base)).toBe(direct);
    expect(getDispatcher(undefined, { ...base, readMs: 1 })).not.toBe(direct);
    expect(getDispatcher(undefined, { ...base, writeMs: 0 })).not.toBe(direct);
    expect(getDispatcher(undefined, { ...base, connectMs: 5 })).not.toBe(direct);
    const proxied = getDispatcher('http://127.0.0.1:3128', base);
    expect(proxied).not.toBe(direct);
    expect(getDispatcher('http://127.0.0.1:3128', base)).toBe(proxied);
    expect(() => getDispatcher('ftp://proxy', base)).toThrow(TypeError);
    await closeDispatchers();
    expect(getDispatcher(undefined, base)).not.toBe(direct);
  });
});
