// The upstream side of the traffic-limit and timeout e2e tests (test/e2e/fault-limits*.test.ts,
// fault-timeouts.test.ts): the fake Anthropic or OpenAI Chat upstream with what those tests measure (requests in
// flight, arrival and end times), scripted with slow, paced and stalled answers in either wire format; and the
// gateway config with `provider-limits`, per-entry limits and `timeouts` in front of one or more such fakes.
import type { FakeReply } from '../upstream/fake-reply.js';
import type { FakeOpenAIChatReply } from '../upstream/fake-openai-chat-reply.js';
import { DEFAULT_REPLY_TEXT, startFakeAnthropicUpstream } from '../upstream/fake-anthropic-upstream.js';
import {
  DEFAULT_OPENAI_CHAT_REPLY_TEXT,
  startFakeOpenAIChatUpstream,
} from '../upstream/fake-openai-chat-upstream.js';
import type { FakeUpstream, RecordedRequest, RequestTiming } from '../upstream/fake-server.js';
import type { FaultRow } from './fault-clients.js';
import { FAULT_MODEL, FAULT_UPSTREAM_ID, type FaultUpstreamKind } from './fault-upstreams.js';

/**
 * The two rows every limit and timeout scenario runs for: the Anthropic SDK to an Anthropic-format upstream
 * (same-format fast path) and the OpenAI SDK to an OpenAI-Chat upstream.
 */
export const LIMITS_ROWS: readonly FaultRow[] = [
  { name: 'anthropic SDK → anthropic upstream', client: 'anthropic', upstream: 'anthropic' },
  { name: 'openai SDK → openai-chat upstream', client: 'openai', upstream: 'openai-chat' },
];

/**
 * One scripted answer, independent of the fake's wire format:
 * - `text`: the fake's default text, its status line after `delayMs`, SSE events (when the request streams)
 *   `eventDelayMs` apart;
 * - `stall`: a streaming answer that sends its first few events, then stops writing and keeps the connection
 *   open (a non-streaming request gets no answer at all).
 */
export type LimitsReply =
  | { readonly kind: 'text'; readonly delayMs?: number; readonly eventDelayMs?: number }
  | { readonly kind: 'stall' };

/** A running fake upstream that reports what reached it and when. */
export interface LimitsUpstream {
  readonly kind: FaultUpstreamKind;
  /** The fake's base URL (no trailing slash, no `/v1`). */
  readonly url: string;
  /** The text of every `text` answer. */
  readonly defaultText: string;
  /** Every request received, in arrival order (cleared by `reset`). */
  readonly requests: readonly RecordedRequest[];
  /** Requests being answered now. */
  readonly inFlight: number;
  /** The most requests answered at once since the start or the last `reset`. */
  readonly maxInFlight: number;
  /** Queues answers for the next generation requests, first in, first out; later ones get the default answer. */
  enqueue(...replies: LimitsReply[]): void;
  /** The arrival and end times (`performance.now()` ms) of the recorded requests, in the order of `requests`. */
  timings(): RequestTiming[];
  /** The arrival times of the recorded requests (`performance.now()` ms), in the order of `requests`. */
  arrivals(): number[];
  /** Forgets the recorded requests, the queue and the in-flight peak. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a fake upstream of `kind` on loopback with no key check. */
export async function startLimitsUpstream(kind: FaultUpstreamKind): Promise<LimitsUpstream> {
  if (kind === 'anthropic') {
    const fake = await startFakeAnthropicUpstream();
    return wrap(kind, fake, DEFAULT_REPLY_TEXT, (replies) => fake.enqueue(...replies.map(toAnthropicReply)));
  }
  const fake = await startFakeOpenAIChatUpstream();
  return wrap(kind, fake, DEFAULT_OPENAI_CHAT_REPLY_TEXT, (replies) =>
    fake.enqueue(...replies.map(toOpenAIChatReply)),
  );
}

function wrap<Reply>(
  kind: FaultUpstreamKind,
  fake: FakeUpstream<Reply>,
  defaultText: string,
  enqueue: (replies: LimitsReply[]) => void,
): LimitsUpstream {
  return {
    kind,
    url: fake.url,
    defaultText,
    requests: fake.requests,
    get inFlight() {
      return fake.inFlight;
    },
    get maxInFlight() {
      return fake.maxInFlight;
    },
    enqueue: (...replies) => enqueue(replies),
    timings: () => fake.requests.map((request) => timingOf(fake, request)),
    arrivals: () => fake.requests.map((request) => timingOf(fake, request).receivedAt),
    reset: () => fake.reset(),
    close: () => fake.close(),
  };
}

function timingOf<Reply>(fake: FakeUpstream<Reply>, request: RecordedRequest): RequestTiming {
  const timing = fake.timingOf(request);
  if (timing === undefined) throw new Error(`no timing recorded for ${request.method} ${request.path}`);
  return timing;
}

function toAnthropicReply(reply: LimitsReply): FakeReply {
  if (reply.kind === 'stall') {
    // message_start, content_block_start, ping, two text deltas, then silence.
    return {
      kind: 'stream-fault',
      content: [{ type: 'text', text: DEFAULT_REPLY_TEXT }],
      afterEvents: 5,
      fault: 'stall',
    };
  }
  return {
    kind: 'message',
    content: [{ type: 'text', text: DEFAULT_REPLY_TEXT }],
    ...(reply.delayMs === undefined ? {} : { delayMs: reply.delayMs }),
    ...(reply.eventDelayMs === undefined ? {} : { eventDelayMs: reply.eventDelayMs }),
  };
}

function toOpenAIChatReply(reply: LimitsReply): FakeOpenAIChatReply {
  if (reply.kind === 'stall') {
    // The role chunk and two content chunks, then silence.
    return { kind: 'stream-fault', content: DEFAULT_OPENAI_CHAT_REPLY_TEXT, afterChunks: 3, fault: 'stall' };
  }
  return {
    kind: 'message',
    content: DEFAULT_OPENAI_CHAT_REPLY_TEXT,
    ...(reply.delayMs === undefined ? {} : { delayMs: reply.delayMs }),
    ...(reply.eventDelayMs === undefined ? {} : { eventDelayMs: reply.eventDelayMs }),
  };
}

/** An entry's own traffic-limit keys (`rate-window` in seconds). */
export interface EntryLimits {
  readonly 'rate-limit'?: number;
  readonly 'rate-window'?: number;
  readonly 'max-concurrency'?: number;
}

/** One upstream entry of a limits gateway: `claude-api-key` or `openai-compatibility` by the fake's kind. */
export interface LimitsEntry {
  /** The entry's `name` (the upstream id in usage records); default {@link FAULT_UPSTREAM_ID}. */
  readonly name?: string;
  readonly upstream: LimitsUpstream;
  /** Its own `rate-limit`, `rate-window`, `max-concurrency`. */
  readonly limits?: EntryLimits;
}

/** What a limits gateway's config sets. */
export interface LimitsConfigOptions {
  /** The upstream entries, in config order; each lists {@link FAULT_MODEL}. */
  readonly entries: readonly LimitsEntry[];
  /** `provider-limits` (`rate-limit`, `rate-window`, `max-concurrency`, `queue-size`, `queue-timeout`). */
  readonly providerLimits?: Readonly<Record<string, number>>;
  /** `timeouts` (`connect`, `write`, `read`): seconds, or `none`. */
  readonly timeouts?: Readonly<Partial<Record<'connect' | 'write' | 'read', number | 'none'>>>;
  /** `request-retry`; default 3. */
  readonly requestRetry?: number;
  /** `retry-base-delay`, seconds; default 0.05. */
  readonly retryBaseDelay?: number;
}

/**
 * The `config.yaml` of a limits gateway: one key per entry (`sk-limits-<name>`), {@link FAULT_MODEL} listed on
 * every entry (so a request resolves to all of them, in config order), the entries' own limits, and the
 * optional `provider-limits` and `timeouts` sections.
 */
export function limitsGatewayYaml(options: LimitsConfigOptions): string {
  const anthropic = options.entries.filter((entry) => entry.upstream.kind === 'anthropic');
  const openai = options.entries.filter((entry) => entry.upstream.kind === 'openai-chat');
  return [
    `request-retry: ${options.requestRetry ?? 3}`,
    'max-retry-interval: 2',
    `retry-base-delay: ${options.retryBaseDelay ?? 0.05}`,
    ...section('provider-limits', options.providerLimits),
    ...section('timeouts', options.timeouts),
    ...(anthropic.length === 0 ? [] : ['claude-api-key:', ...anthropic.flatMap(entryLines)]),
    ...(openai.length === 0 ? [] : ['openai-compatibility:', ...openai.flatMap(entryLines)]),
    '',
  ].join('\n');
}

function section(key: string, values: Readonly<Record<string, number | string>> | undefined): string[] {
  if (values === undefined) return [];
  return [`${key}:`, ...Object.entries(values).map(([name, value]) => `  ${name}: ${value}`)];
}

function entryLines(entry: LimitsEntry): string[] {
  const name = entry.name ?? FAULT_UPSTREAM_ID;
  const baseUrl = entry.upstream.kind === 'anthropic' ? entry.upstream.url : `${entry.upstream.url}/v1`;
  return [
    `  - name: ${name}`,
    `    base-url: "${baseUrl}"`,
    `    api-key-entries: [{ api-key: "sk-limits-${name}" }]`,
    `    models: [{ name: ${FAULT_MODEL} }]`,
    ...Object.entries(entry.limits ?? {}).map(([key, value]) => `    ${key}: ${value}`),
  ];
}
