// The floor: a bare pass-through proxy written with the gateway's HTTP client (undici, a keep-alive Agent
// with the settings of src/upstream/dispatcher.ts). Method, path, headers (minus hop-by-hop) and body go to
// the upstream, the answer comes back streamed; nothing is parsed. Whatever the gateway costs beyond this
// is its own work. Usage: floor-proxy.ts <upstream origin> [port]; prints `listening on http://…:<port>`.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';

const upstream = process.argv[2];
if (upstream === undefined) throw new Error('usage: floor-proxy.ts <upstream origin> [port]');
/** RFC 9110 §7.6.1 connection-specific fields, plus host (undici sets the upstream's). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);
// As src/upstream/dispatcher.ts: 60 s keep-alive, connect 10 s, read 600 s (the config defaults).
const agent = new Agent({
  keepAliveTimeout: 60_000,
  headersTimeout: 600_000,
  bodyTimeout: 600_000,
  connect: { timeout: 10_000 },
});

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

const server = createServer({ keepAliveTimeout: 65_000 }, (incoming, outgoing) => {
  const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
  request(`${upstream}${incoming.url ?? '/'}`, {
    method: incoming.method as 'POST',
    headers: endToEnd(incoming.headers),
    body: hasBody ? incoming : null,
    dispatcher: agent,
  })
    .then(async (answer) => {
      outgoing.writeHead(answer.statusCode, endToEnd(answer.headers));
      await pipeline(answer.body, outgoing);
    })
    .catch(() => {
      if (outgoing.headersSent) outgoing.destroy();
      else outgoing.writeHead(502).end();
    });
});

server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
