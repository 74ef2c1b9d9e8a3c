// The client side of the fault-scenario e2e tests (test/e2e/fault-*.test.ts): "ask once / stream once" over
// the two official SDKs, so each scenario is written once and run through `@anthropic-ai/sdk` and `openai`.
// Both clients have maxRetries: 0 (only the gateway retries) and record the raw body of every error answer
// through their `fetch` option, so a test sees the envelope exactly as the client received it.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { WireFormat } from '../../src/protocols/protocol.js';
import { FAULT_MODEL, type FaultUpstreamKind } from './fault-upstreams.js';

/** Which official SDK a fault row uses. */
export type FaultClientKind = 'anthropic' | 'openai';

/** One row of the fault matrix: an SDK client and the fake upstream behind the gateway. */
export interface FaultRow {
  /** Shown in the test names. */
  readonly name: string;
  readonly client: FaultClientKind;
  readonly upstream: FaultUpstreamKind;
}

/**
 * The rows every fault scenario runs for: the Anthropic SDK to an Anthropic-format pool (the same-format fast
 * path), the OpenAI SDK to an OpenAI-Chat pool, and the OpenAI SDK to an Anthropic-format pool (translation).
 */
export const FAULT_ROWS: readonly FaultRow[] = [
  { name: 'anthropic SDK → anthropic pool', client: 'anthropic', upstream: 'anthropic' },
  { name: 'openai SDK → openai-chat pool', client: 'openai', upstream: 'openai-chat' },
  { name: 'openai SDK → anthropic pool (translated)', client: 'openai', upstream: 'anthropic' },
];

/** One earlier turn of a conversation. */
export interface ConversationTurn {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** How one call is made. */
export interface AskOptions {
  /**
   * The conversation's session, for session affinity: `x-claude-code-session-id` (Anthropic SDK) or
   * `prompt_cache_key` (OpenAI SDK). Without it the gateway ties the call by a hash of its leading prompt.
   */
  readonly session?: string;
  /** Earlier turns, oldest first (user, assistant, …); the call's own text is the last user turn. */
  readonly history?: readonly ConversationTurn[];
}

/** An error answer as it reached the client's `fetch`: status, `retry-after` header, body text. */
export interface RawErrorResponse {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly bodyText: string;
}

/** What the client saw when a call failed: the SDK's error and the raw error answer behind it. */
export interface SeenError {
  /** The thrown value. */
  readonly thrown: unknown;
  /** The SDK's error class name (`RateLimitError`, `InternalServerError`, …). */
  readonly className: string;
  /** The SDK error's `status` (undefined for stream errors raised by an SSE error event). */
  readonly status: number | undefined;
  /** The SDK error's `retry-after` header, if it had headers. */
  readonly retryAfter: string | null;
  /** The error answer's body as JSON (undefined when the failure was not an HTTP error answer). */
  readonly body: unknown;
}

/** One SDK client bound to one gateway, asking for {@link FAULT_MODEL}. */
export interface FaultClient {
  readonly kind: FaultClientKind;
  /** The inbound wire format the gateway records for this client's requests. */
  readonly inbound: WireFormat;
  /** The SDK's error class for an HTTP status (`RateLimitError` for 429, `InternalServerError` for 5xx, …). */
  errorClassFor(status: number): abstract new (...args: never[]) => Error;
  /** The `type` the client's envelope carries for a gateway error of this status (encode-error.ts). */
  errorTypeFor(status: number): string;
  /** One non-streaming call; resolves the answer's text. `text` defaults to a unique prompt. */
  ask(text?: string, options?: AskOptions): Promise<string>;
  /** One streaming call, read to the end; resolves the streamed text, rejects when the stream fails. */
  stream(text?: string, options?: AskOptions): Promise<string>;
  /** Runs `call` and returns what the client saw when it failed; throws when it succeeded. */
  failure(call: Promise<unknown>): Promise<SeenError>;
}

let promptSequence = 0;

/** A prompt text no other call of this process uses, so its conversation (affinity key) is new. */
export function uniquePrompt(label = 'fault'): string {
  promptSequence += 1;
  return `${label} request ${promptSequence} ${Math.random().toString(36).slice(2, 10)}`;
}

/** The client of `kind` for the gateway at `gatewayUrl`, with maxRetries: 0. */
export function createFaultClient(kind: FaultClientKind, gatewayUrl: string): FaultClient {
  const errors: RawErrorResponse[] = [];
  const recordingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (response.status >= 400) {
      errors.push({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        bodyText: await response.clone().text(),
      });
    }
    return response;
  };
  const failure = async (call: Promise<unknown>): Promise<SeenError> => {
    const before = errors.length;
    const thrown = await call.then(
      (value) => {
        throw new Error(`expected the call to fail, it answered ${JSON.stringify(value)}`);
      },
      (error: unknown) => error,
    );
    const raw = errors.length > before ? errors[errors.length - 1] : undefined;
    const apiError = thrown as { status?: unknown; headers?: Headers | undefined };
    return {
      thrown,
      className: thrown instanceof Error ? thrown.constructor.name : typeof thrown,
      status: typeof apiError.status === 'number' ? apiError.status : undefined,
      retryAfter: apiError.headers instanceof Headers ? apiError.headers.get('retry-after') : null,
      body: raw === undefined ? undefined : parseJson(raw.bodyText),
    };
  };
  return kind === 'anthropic'
    ? anthropicFaultClient(gatewayUrl, recordingFetch, failure)
    : openAIFaultClient(gatewayUrl, recordingFetch, failure);
}

function anthropicFaultClient(
  gatewayUrl: string,
  recordingFetch: typeof fetch,
  failure: FaultClient['failure'],
): FaultClient {
  const client = new Anthropic({ baseURL: gatewayUrl, apiKey: 'x', maxRetries: 0, fetch: recordingFetch });
  const params = (text: string | undefined, options: AskOptions) => ({
    model: FAULT_MODEL,
    max_tokens: 32,
    messages: [...(options.history ?? []), { role: 'user' as const, content: text ?? uniquePrompt() }],
  });
  const headers = (options: AskOptions) =>
    options.session === undefined ? {} : { 'x-claude-code-session-id': options.session };
  return {
    kind: 'anthropic',
    inbound: 'anthropic',
    errorClassFor: (status) => anthropicErrorClass(status),
    errorTypeFor: (status) =>
      status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : 'api_error',
    ask: async (text, options = {}) => {
      const message = await client.messages.create(params(text, options), { headers: headers(options) });
      return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    },
    stream: (text, options = {}) =>
      client.messages.stream(params(text, options), { headers: headers(options) }).finalText(),
    failure,
  };
}

function openAIFaultClient(
  gatewayUrl: string,
  recordingFetch: typeof fetch,
  failure: FaultClient['failure'],
): FaultClient {
  const client = new OpenAI({
    baseURL: `${gatewayUrl}/v1`,
    apiKey: 'x',
    maxRetries: 0,
    fetch: recordingFetch,
  });
  const params = (text: string | undefined, options: AskOptions) => ({
    model: FAULT_MODEL,
    messages: [...(options.history ?? []), { role: 'user' as const, content: text ?? uniquePrompt() }],
    ...(options.session === undefined ? {} : { prompt_cache_key: options.session }),
  });
  return {
    kind: 'openai',
    inbound: 'openai-chat',
    errorClassFor: (status) => openAIErrorClass(status),
    errorTypeFor: (status) => (status === 429 ? 'rate_limit_error' : 'server_error'),
    ask: async (text, options = {}) => {
      const completion = await client.chat.completions.create(params(text, options));
      return completion.choices[0]?.message.content ?? '';
    },
    stream: async (text, options = {}) => {
      const stream = await client.chat.completions.create({
        ...params(text, options),
        stream: true,
        stream_options: { include_usage: true },
      });
      let answer = '';
      for await (const chunk of stream) answer += chunk.choices[0]?.delta.content ?? '';
      return answer;
    },
    failure,
  };
}

function anthropicErrorClass(status: number): abstract new (...args: never[]) => Error {
  if (status === 401) return Anthropic.AuthenticationError;
  if (status === 429) return Anthropic.RateLimitError;
  if (status >= 500) return Anthropic.InternalServerError;
  return Anthropic.APIError;
}

function openAIErrorClass(status: number): abstract new (...args: never[]) => Error {
  if (status === 401) return OpenAI.AuthenticationError;
  if (status === 429) return OpenAI.RateLimitError;
  if (status >= 500) return OpenAI.InternalServerError;
  return OpenAI.APIError;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
