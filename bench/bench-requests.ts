// The requests each scenario sends, built once: method, path, headers and body bytes, for the floor (a
// pass-through: the path picks the bench upstream's answer) and for the gateway (the config picks it).
import { readFileSync } from 'node:fs';
import { BENCH_MODELS } from './gateway-config.js';

/** One HTTP request, ready to send many times. */
export interface BenchRequest {
  readonly method: 'POST';
  /** Path and query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** The same client request as the floor and the gateway receive it. */
export interface RequestPair {
  readonly floor: BenchRequest;
  readonly gateway: BenchRequest;
}

const CLAUDE_CODE_BODY = new URL('../test/fixtures/claude-code/messages-request.json', import.meta.url);
const CLAUDE_CODE_HEADERS = new URL(
  '../test/fixtures/claude-code/messages-request-headers.json',
  import.meta.url,
);
/** Headers of the recorded request that a load generator sets itself, or that would change the answer. */
const TRANSPORT_HEADERS = new Set(['host', 'content-length', 'connection', 'accept-encoding']);
const ANTHROPIC_HEADERS = {
  'content-type': 'application/json',
  'anthropic-version': '2023-06-01',
  'x-api-key': 'bench-client-key',
};

/** Claude Code's recorded headers (key replaced), minus transport headers. */
function claudeCodeHeaders(): Record<string, string> {
  const recorded = JSON.parse(readFileSync(CLAUDE_CODE_HEADERS, 'utf8')) as {
    headers: Record<string, string>;
  };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(recorded.headers)) {
    if (!TRANSPORT_HEADERS.has(name)) headers[name] = value;
  }
  headers['x-api-key'] = 'bench-client-key';
  return headers;
}

/** The recorded Claude Code body (~76 KB compact, 24 tools) with `stream` and optionally `model` replaced. */
function claudeCodeBody(stream: boolean, model?: string): Buffer {
  const body = JSON.parse(readFileSync(CLAUDE_CODE_BODY, 'utf8')) as Record<string, unknown>;
  body['stream'] = stream;
  if (model !== undefined) body['model'] = model;
  return Buffer.from(JSON.stringify(body));
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function same(request: BenchRequest): RequestPair {
  return { floor: request, gateway: request };
}

const SMALL_MESSAGES = [{ role: 'user', content: 'Write one sentence about load balancers.' }];

/** Scenario 1 (and 6): Anthropic Messages, small body, non-streaming. */
export function smallMessages(): RequestPair {
  const body = json({ model: BENCH_MODELS.anthropic, max_tokens: 1024, messages: SMALL_MESSAGES });
  return same({ method: 'POST', path: '/v1/messages', headers: ANTHROPIC_HEADERS, body });
}

/** Scenario 2: Claude Code's request, non-streaming. */
export function claudeCodeMessages(): RequestPair {
  const headers = claudeCodeHeaders();
  return same({ method: 'POST', path: '/v1/messages?beta=true', headers, body: claudeCodeBody(false) });
}

/** Scenario 3: small body, streaming (200 text deltas). */
export function smallMessagesStream(): RequestPair {
  const body = json({
    model: BENCH_MODELS.anthropic,
    max_tokens: 1024,
    messages: SMALL_MESSAGES,
    stream: true,
  });
  return same({ method: 'POST', path: '/v1/messages', headers: ANTHROPIC_HEADERS, body });
}

/**
 * Scenario 4: Claude Code's request, streaming, to an OpenAI Chat upstream (200 chunks ending in a tool
 * call). The floor passes it to the upstream's Anthropic route, whose stream ends in a tool_use block.
 */
export function claudeCodeToOpenAI(): RequestPair {
  const headers = claudeCodeHeaders();
  const body = claudeCodeBody(true, BENCH_MODELS.openai);
  return {
    floor: { method: 'POST', path: '/tool/v1/messages?beta=true', headers, body },
    gateway: { method: 'POST', path: '/v1/messages?beta=true', headers, body },
  };
}

/**
 * Scenario 5: an OpenAI Chat client, streaming, to an Anthropic upstream (200 text deltas). The floor
 * passes it to the upstream's OpenAI route (200 chunks).
 */
export function openAIToAnthropic(): RequestPair {
  const body = json({
    model: BENCH_MODELS.anthropic,
    max_tokens: 1024,
    messages: [{ role: 'system', content: 'You are terse.' }, ...SMALL_MESSAGES],
    stream: true,
    stream_options: { include_usage: true },
  });
  const headers = { 'content-type': 'application/json', authorization: 'Bearer bench-client-key' };
  return same({ method: 'POST', path: '/v1/chat/completions', headers, body });
}

/** Scenario 7: a slow stream (one delta a second) held open. */
export function slowStream(): RequestPair {
  const body = json({ model: BENCH_MODELS.slow, max_tokens: 1024, messages: SMALL_MESSAGES, stream: true });
  return {
    floor: { method: 'POST', path: '/slow/v1/messages', headers: ANTHROPIC_HEADERS, body },
    gateway: { method: 'POST', path: '/v1/messages', headers: ANTHROPIC_HEADERS, body },
  };
}
