// The upstream side of the fault-scenario e2e tests (test/e2e/fault-*.test.ts): one interface over the fake
// Anthropic and fake OpenAI Chat upstreams, so a scenario scripts "429 with Retry-After", "reset before the
// first byte", … once and each fake answers it in its own wire format; plus the gateway config that puts a
// pool of keys in front of either fake, and the credential every recorded request carried.
import { credentialIdOf } from '../../src/routing/credential.js';
import type { FakeReply } from '../upstream/fake-reply.js';
import type { FakeOpenAIChatReply } from '../upstream/fake-openai-chat-reply.js';
import { DEFAULT_REPLY_TEXT, startFakeAnthropicUpstream } from '../upstream/fake-anthropic-upstream.js';
import {
  DEFAULT_OPENAI_CHAT_REPLY_TEXT,
  startFakeOpenAIChatUpstream,
} from '../upstream/fake-openai-chat-upstream.js';
import type { RecordedRequest } from '../upstream/fake-server.js';

/** The wire format of a fault row's fake upstream. */
export type FaultUpstreamKind = 'anthropic' | 'openai-chat';

/** The model every fault gateway routes (listed on the pool entry, so it resolves to it alone). */
export const FAULT_MODEL = 'fault-model';

/** The `name` of the pool entry in every fault gateway config: the upstream id in usage records and 503 bodies. */
export const FAULT_UPSTREAM_ID = 'pool';

/**
 * One scripted upstream answer, independent of the fake's wire format:
 * - `status`: an HTTP error with the fake's own error envelope and optional headers (`retry-after`, …);
 * - `reset-before-first-byte`: the socket is reset before any byte of the answer (for a non-streaming request);
 * - `reset-after-first-byte`: a streaming answer that sends a few events, then resets the socket;
 * - `text`: a successful answer with this text.
 */
export type FaultReply =
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Record<string, string> }
  | { readonly kind: 'reset-before-first-byte' }
  | { readonly kind: 'reset-after-first-byte' }
  | { readonly kind: 'text'; readonly text: string };

/** A running fake upstream of either format, scripted with {@link FaultReply}s. */
export interface FaultUpstream {
  readonly kind: FaultUpstreamKind;
  /** The fake's base URL (no trailing slash, no `/v1`). */
  readonly url: string;
  /** The text of the fake's default (unscripted) answer. */
  readonly defaultText: string;
  /** Every request the fake received, in arrival order (cleared by `reset`). */
  readonly requests: readonly RecordedRequest[];
  /** Queues answers for the next generation requests, first in, first out; later ones get the default answer. */
  enqueue(...replies: FaultReply[]): void;
  /** The API key each recorded request carried (`x-api-key`, else `Authorization: Bearer`), in order. */
  keys(): string[];
  /** Forgets the recorded requests and the queue. */
  reset(): void;
  close(): Promise<void>;
}

/** Text of the partial answer a `reset-after-first-byte` stream sends before the reset. */
export const PARTIAL_TEXT = 'partial words before the reset';

/** Starts a fake upstream of `kind` on loopback with no key check (the keys are read from the recorded headers). */
export async function startFaultUpstream(kind: FaultUpstreamKind): Promise<FaultUpstream> {
  if (kind === 'anthropic') {
    const fake = await startFakeAnthropicUpstream();
    return {
      kind,
      url: fake.url,
      defaultText: DEFAULT_REPLY_TEXT,
      requests: fake.requests,
      enqueue: (...replies) => fake.enqueue(...replies.map(toAnthropicReply)),
      keys: () => fake.requests.map(keyOfRequest),
      reset: () => fake.reset(),
      close: () => fake.close(),
    };
  }
  const fake = await startFakeOpenAIChatUpstream();
  return {
    kind,
    url: fake.url,
    defaultText: DEFAULT_OPENAI_CHAT_REPLY_TEXT,
    requests: fake.requests,
    enqueue: (...replies) => fake.enqueue(...replies.map(toOpenAIChatReply)),
    keys: () => fake.requests.map(keyOfRequest),
    reset: () => fake.reset(),
    close: () => fake.close(),
  };
}

/** The API key a recorded request carried: `x-api-key`, else the `Authorization: Bearer` token, else ''. */
export function keyOfRequest(request: RecordedRequest): string {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const authorization = request.headers.authorization ?? '';
  return authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
}

/** The gateway's hashed id (`cred_…`) of a pool key, as usage records and 503 bodies name it. */
export function credentialIdOfKey(key: string): string {
  return credentialIdOf(FAULT_UPSTREAM_ID, key);
}

/** `count` distinct, recognisable pool keys for one scenario (`sk-fault-<label>-1`, …). */
export function poolKeys(label: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `sk-fault-${label}-${index + 1}`);
}

/** What a fault gateway's config sets besides the pool. */
export interface FaultConfigOptions {
  /** The pool's keys, in config order. */
  readonly keys: readonly string[];
  /** `routing.strategy`; default round-robin. */
  readonly strategy?: 'round-robin' | 'fill-first';
  /** `request-retry`; default 3. */
  readonly requestRetry?: number;
  /** `max-retry-interval`, seconds; default 2. */
  readonly maxRetryInterval?: number;
  /** `retry-base-delay`, seconds (first backoff without an upstream hint, doubling); default 0.05. */
  readonly retryBaseDelay?: number;
  /** The pool entry's `cooldown:` overrides, seconds (`rate-limited-base-seconds`, `upstream-seconds`, …). */
  readonly cooldown?: Readonly<Record<string, number>>;
}

/**
 * The `config.yaml` of a fault gateway: one pool entry named {@link FAULT_UPSTREAM_ID} serving
 * {@link FAULT_MODEL}, holding `options.keys` as `api-key-entries`, in front of `upstream` —
 * `claude-api-key` for the Anthropic fake, `openai-compatibility` (base URL `…/v1`) for the OpenAI Chat fake.
 */
export function faultGatewayYaml(upstream: FaultUpstream, options: FaultConfigOptions): string {
  const cooldown = Object.entries(options.cooldown ?? {});
  const entry = [
    `  - name: ${FAULT_UPSTREAM_ID}`,
    `    base-url: "${upstream.kind === 'anthropic' ? upstream.url : `${upstream.url}/v1`}"`,
    '    api-key-entries:',
    ...options.keys.map((key) => `      - api-key: "${key}"`),
    `    models: [{ name: ${FAULT_MODEL} }]`,
    ...(cooldown.length === 0 ? [] : ['    cooldown:', ...cooldown.map(([k, v]) => `      ${k}: ${v}`)]),
  ];
  return [
    `request-retry: ${options.requestRetry ?? 3}`,
    `max-retry-interval: ${options.maxRetryInterval ?? 2}`,
    `retry-base-delay: ${options.retryBaseDelay ?? 0.05}`,
    'routing:',
    `  strategy: ${options.strategy ?? 'round-robin'}`,
    upstream.kind === 'anthropic' ? 'claude-api-key:' : 'openai-compatibility:',
    ...entry,
    '',
  ].join('\n');
}

function toAnthropicReply(reply: FaultReply): FakeReply {
  switch (reply.kind) {
    case 'status':
      return {
        kind: 'error',
        status: reply.status,
        message: `scripted ${reply.status}`,
        ...(reply.headers === undefined ? {} : { headers: reply.headers }),
      };
    case 'reset-before-first-byte':
      // Non-streaming request: the fake destroys the socket before writing anything.
      return {
        kind: 'stream-fault',
        content: [{ type: 'text', text: PARTIAL_TEXT }],
        afterEvents: 0,
        fault: 'reset',
      };
    case 'reset-after-first-byte':
      // message_start, content_block_start, ping, two text deltas, then the reset.
      return {
        kind: 'stream-fault',
        content: [{ type: 'text', text: PARTIAL_TEXT }],
        afterEvents: 5,
        fault: 'reset',
      };
    case 'text':
      return { kind: 'message', content: [{ type: 'text', text: reply.text }] };
    default:
      return assertNever(reply);
  }
}

function toOpenAIChatReply(reply: FaultReply): FakeOpenAIChatReply {
  switch (reply.kind) {
    case 'status':
      return {
        kind: 'error',
        status: reply.status,
        message: `scripted ${reply.status}`,
        ...(reply.headers === undefined ? {} : { headers: reply.headers }),
      };
    case 'reset-before-first-byte':
      return { kind: 'stream-fault', content: PARTIAL_TEXT, afterChunks: 0, fault: 'reset' };
    case 'reset-after-first-byte':
      // The role chunk and two content chunks, then the reset.
      return { kind: 'stream-fault', content: PARTIAL_TEXT, afterChunks: 3, fault: 'reset' };
    case 'text':
      return { kind: 'message', content: reply.text };
    default:
      return assertNever(reply);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled fault reply: ${JSON.stringify(value)}`);
}
