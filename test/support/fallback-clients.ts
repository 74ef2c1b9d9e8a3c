// The client side of the fallback, routing-rule and reset-cooldown e2e tests: "ask once / stream once for
// model X" over the two official SDKs (maxRetries: 0), returning the answer's text together with the raw
// response headers (`x-switchboard-upstream`, `x-switchboard-model`, `x-switchboard-fallback-from`), which
// the SDKs expose through `.withResponse()`. Requests can carry the signals the `router:` rules look at.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { WireFormat } from '../../src/protocols/protocol.js';
import { uniquePrompt, type FaultClientKind } from './fault-clients.js';

/** A successful answer: its text and the HTTP response headers the client received. */
export interface RoutedAnswer {
  readonly text: string;
  readonly headers: Headers;
}

/** What one request carries besides its model. */
export interface RoutedAskOptions {
  /** The user turn; defaults to a unique prompt (a new conversation). */
  readonly text?: string;
  /** Anthropic: `thinking: {type: 'enabled', budget_tokens: 1024}`; OpenAI: `reasoning_effort: 'low'`. */
  readonly thinking?: boolean;
  /**
   * Anthropic: a `web_search_20250305` server tool; OpenAI Chat: `web_search_options: {}` (Chat has no
   * web-search tool; the gateway reads that parameter as the web-search signal).
   */
  readonly webSearch?: boolean;
}

/** An error answer as the client saw it: SDK class, HTTP status, `retry-after`, and the raw JSON body. */
export interface RoutedFailure {
  readonly className: string;
  readonly status: number | undefined;
  readonly retryAfter: string | null;
  /** The error answer's body as JSON, exactly as received (undefined when no HTTP error was received). */
  readonly body: unknown;
  /** The thrown error's message. */
  readonly message: string;
}

/** One SDK client bound to one gateway, asking for any model. */
export interface RoutedClient {
  readonly kind: FaultClientKind;
  /** The inbound wire format the gateway records for this client's requests. */
  readonly inbound: WireFormat;
  /** One non-streaming call. */
  ask(model: string, options?: RoutedAskOptions): Promise<RoutedAnswer>;
  /** One streaming call, read to the end (text deltas concatenated). */
  stream(model: string, options?: RoutedAskOptions): Promise<RoutedAnswer>;
  /** Runs `call` and returns what the client saw when it failed; throws when it succeeded. */
  failure(call: Promise<unknown>): Promise<RoutedFailure>;
}

/**
 * The `kind` SDK client for the gateway at `gatewayUrl` with maxRetries: 0, sending `apiKey` (default `x`;
 * a `KEY:upstream/model` token pins the model, see the README's "Model resolution").
 */
export function createRoutedClient(kind: FaultClientKind, gatewayUrl: string, apiKey = 'x'): RoutedClient {
  const errors: { status: number; retryAfter: string | null; bodyText: string }[] = [];
  const recordingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (response.status >= 400) {
      const bodyText = await response.clone().text();
      errors.push({ status: response.status, retryAfter: response.headers.get('retry-after'), bodyText });
    }
    return response;
  };
  const failure = async (call: Promise<unknown>): Promise<RoutedFailure> => {
    // `call` has started but cannot have received its answer yet: error answers from here on are its own.
    const before = errors.length;
    const thrown = await call.then(
      (value) => {
        throw new Error(`expected the call to fail, it answered ${JSON.stringify(value)}`);
      },
      (error: unknown) => error,
    );
    const apiError = thrown as { status?: unknown };
    const lastError = errors.length > before ? errors[errors.length - 1] : undefined;
    return {
      className: thrown instanceof Error ? thrown.constructor.name : typeof thrown,
      status: typeof apiError.status === 'number' ? apiError.status : undefined,
      retryAfter: lastError?.retryAfter ?? null,
      body: lastError === undefined ? undefined : (JSON.parse(lastError.bodyText) as unknown),
      message: thrown instanceof Error ? thrown.message : String(thrown),
    };
  };
  return kind === 'anthropic'
    ? anthropicClient(gatewayUrl, apiKey, recordingFetch, failure)
    : openAIClient(gatewayUrl, apiKey, recordingFetch, failure);
}

function anthropicClient(
  gatewayUrl: string,
  apiKey: string,
  recordingFetch: typeof fetch,
  failure: RoutedClient['failure'],
): RoutedClient {
  const client = new Anthropic({ baseURL: gatewayUrl, apiKey, maxRetries: 0, fetch: recordingFetch });
  const params = (model: string, options: RoutedAskOptions) => ({
    model,
    max_tokens: options.thinking === true ? 2048 : 64,
    messages: [{ role: 'user' as const, content: options.text ?? uniquePrompt('routed') }],
    ...(options.thinking === true ? { thinking: { type: 'enabled' as const, budget_tokens: 1024 } } : {}),
    ...(options.webSearch === true
      ? { tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const }] }
      : {}),
  });
  return {
    kind: 'anthropic',
    inbound: 'anthropic',
    ask: async (model, options = {}) => {
      const { data, response } = await client.messages.create(params(model, options)).withResponse();
      const text = data.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      return { text, headers: response.headers };
    },
    stream: async (model, options = {}) => {
      const { data, response } = await client.messages
        .create({ ...params(model, options), stream: true })
        .withResponse();
      let text = '';
      for await (const event of data) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
          text += event.delta.text;
      }
      return { text, headers: response.headers };
    },
    failure,
  };
}

function openAIClient(
  gatewayUrl: string,
  apiKey: string,
  recordingFetch: typeof fetch,
  failure: RoutedClient['failure'],
): RoutedClient {
  const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey, maxRetries: 0, fetch: recordingFetch });
  const params = (model: string, options: RoutedAskOptions) => ({
    model,
    messages: [{ role: 'user' as const, content: options.text ?? uniquePrompt('routed') }],
    ...(options.thinking === true ? { reasoning_effort: 'low' as const } : {}),
    ...(options.webSearch === true ? { web_search_options: {} } : {}),
  });
  return {
    kind: 'openai',
    inbound: 'openai-chat',
    ask: async (model, options = {}) => {
      const { data, response } = await client.chat.completions.create(params(model, options)).withResponse();
      return { text: data.choices[0]?.message.content ?? '', headers: response.headers };
    },
    stream: async (model, options = {}) => {
      const { data, response } = await client.chat.completions
        .create({ ...params(model, options), stream: true, stream_options: { include_usage: true } })
        .withResponse();
      let text = '';
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      return { text, headers: response.headers };
    },
    failure,
  };
}
