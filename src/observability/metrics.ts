import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SwitchboardConfig } from '../config/switchboard-config.js';
import type { HealthSnapshot } from '../routing/credential-health.js';
import type { UsageSink } from './usage-log.js';
import type { UsageRecord } from './usage-record.js';

/**
 * Histogram buckets of request durations and times to first byte, seconds: LLM calls range from a
 * 50 ms cached answer to a 5-minute long generation.
 */
export const LLM_LATENCY_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

/** Distinct `model` label values kept; later new models are counted as `model="other"`. */
export const MAX_MODEL_LABELS = 200;

/** States of `switchboard_credentials`, in precedence order (a credential is counted in the first that applies). */
export const CREDENTIAL_STATES = ['blocked', 'cooling', 'model_unavailable', 'available'] as const;

/** One of {@link CREDENTIAL_STATES}. */
export type CredentialState = (typeof CREDENTIAL_STATES)[number];

/** What the metrics read at scrape time. */
export interface MetricsSources {
  /** The config now served (its upstreams and credentials). */
  readonly config: () => SwitchboardConfig;
  /** Credential health (`CredentialHealth.snapshot`). */
  readonly health: { snapshot(now: number): Promise<HealthSnapshot> };
  /** The upstream limiters (`listLimiters` of `routing/upstream-limiters.ts`). */
  readonly limiters: () => ReadonlyMap<string, { readonly inFlight: number; readonly queued: number }>;
  /** ms since the epoch (tests); default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Options of {@link GatewayMetrics}. */
export interface GatewayMetricsOptions {
  /** Sources of the scrape-time gauges (credentials, limiters); without them those stay empty. */
  readonly sources?: MetricsSources | undefined;
  /** Also export Node's process metrics (`process_*`, `nodejs_*`; prom-client defaults). */
  readonly processMetrics?: boolean | undefined;
}

/** Queued usage records applied to the metrics at once (bounds the queue between scrapes). */
export const METRICS_BATCH = 1024;

/**
 * The gateway's Prometheus metrics (prom-client), in a registry of their own:
 * - `switchboard_requests_total{inbound,upstream,model,status,outcome}` counter, generation requests;
 * - `switchboard_request_duration_seconds{upstream,model,stream}` histogram, arrival → end of answer;
 * - `switchboard_time_to_first_byte_seconds{upstream,model,stream}` histogram, arrival → first byte;
 * - `switchboard_tokens_total{upstream,model,type}` counter, type input/output/cache_read/cache_write;
 * - `switchboard_upstream_retries_total{upstream}` counter, upstream calls beyond the first;
 * - `switchboard_in_flight_requests` gauge, generation requests started and not yet recorded;
 * - `switchboard_credentials{upstream,state}` gauge, credentials per {@link CREDENTIAL_STATES};
 * - `switchboard_upstream_limiter{upstream,kind}` gauge, kind `in_flight` / `queued`.
 * Request metrics come from usage records (it is a {@link UsageSink}: `usage.addSink(metrics)`);
 * `upstream` is `none` for requests refused before any upstream call, `model` the upstream model
 * (bounded by {@link MAX_MODEL_LABELS}), `other` when none was resolved. No label holds a secret.
 */
export class GatewayMetrics implements UsageSink {
  /** The registry `GET /metrics` serialises. */
  readonly registry = new Registry();
  readonly #requests: Counter<'inbound' | 'upstream' | 'model' | 'status' | 'outcome'>;
  readonly #duration: Histogram<'upstream' | 'model' | 'stream'>;
  readonly #firstByte: Histogram<'upstream' | 'model' | 'stream'>;
  readonly #tokens: Counter<'upstream' | 'model' | 'type'>;
  readonly #retries: Counter<'upstream'>;
  readonly #inFlight: Gauge;
  readonly #models = new Set<string>();
  #inFlightCount = 0;
  #pending: UsageRecord[] = [];

  constructor(options: GatewayMetricsOptions = {}) {
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'switchboard_requests_total',
      help: 'Generation requests by client format, upstream, upstream model, HTTP status and outcome.',
      labelNames: ['inbound', 'upstream', 'model', 'status', 'outcome'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'switchboard_request_duration_seconds',
      help: 'Time from request arrival to the end of the answer, seconds.',
      labelNames: ['upstream', 'model', 'stream'],
      buckets: LLM_LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.#firstByte = new Histogram({
      name: 'switchboard_time_to_first_byte_seconds',
      help: 'Time from request arrival to the first answer byte sent to the client, seconds.',
      labelNames: ['upstream', 'model', 'stream'],
      buckets: LLM_LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.#tokens = new Counter({
      name: 'switchboard_tokens_total',
      help: 'Tokens reported by upstreams, by type (input, output, cache_read, cache_write).',
      labelNames: ['upstream', 'model', 'type'],
      registers,
    });
    this.#retries = new Counter({
      name: 'switchboard_upstream_retries_total',
      help: 'Upstream calls beyond the first of a request (retries and fallbacks), by last upstream.',
      labelNames: ['upstream'],
      registers,
    });
    this.#inFlight = new Gauge({
      name: 'switchboard_in_flight_requests',
      help: 'Generation requests started and not finished yet (streams included).',
      registers,
    });
    registerScrapeGauges(this.registry, options.sources);
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts a generation request as in flight until its usage record arrives ({@link record}). */
  requestStarted(): void {
    this.#inFlightCount += 1;
  }

  /**
   * Takes one finished request's usage record (never throws). Only queued here: the counters and
   * histograms are updated in batches, at the next scrape ({@link metrics}) or every
   * {@link METRICS_BATCH} records, so the request path pays an array push, not prom-client's
   * label hashing (issue 7, scenario 1).
   */
  record(entry: UsageRecord): void {
    this.#inFlightCount = Math.max(0, this.#inFlightCount - 1);
    this.#pending.push(entry);
    if (this.#pending.length >= METRICS_BATCH) this.#drain();
  }

  /** Applies the queued records to the counters and histograms. */
  #drain(): void {
    const batch = this.#pending;
    this.#pending = [];
    for (const entry of batch) this.#apply(entry);
    this.#inFlight.set(this.#inFlightCount);
  }

  #apply(entry: UsageRecord): void {
    const upstream = entry.upstream ?? 'none';
    const model = this.#modelLabel(entry.upstreamModel);
    const stream = String(entry.stream);
    this.#requests.inc({
      inbound: entry.inbound,
      upstream,
      model,
      status: String(entry.status),
      outcome: entry.outcome,
    });
    this.#duration.observe({ upstream, model, stream }, entry.latencyMs / 1000);
    if (entry.firstByteMs !== undefined)
      this.#firstByte.observe({ upstream, model, stream }, entry.firstByteMs / 1000);
    if (entry.attempts > 1) this.#retries.inc({ upstream }, entry.attempts - 1);
    const tokens: readonly [string, number][] = [
      ['input', entry.usage.inputTokens],
      ['output', entry.usage.outputTokens],
      ['cache_read', entry.usage.cacheReadInputTokens],
      ['cache_write', entry.usage.cacheCreationInputTokens],
    ];
    for (const [type, count] of tokens) {
      if (count > 0) this.#tokens.inc({ upstream, model, type }, count);
    }
  }

  /** The Prometheus text exposition (format 0.0.4) of every metric, scrape-time gauges refreshed. */
  async metrics(): Promise<string> {
    this.#drain();
    return this.registry.metrics();
  }

  /** The content type of {@link metrics}' text: `text/plain; version=0.0.4; charset=utf-8`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  #modelLabel(model: string | undefined): string {
    if (model === undefined || model === '') return 'other';
    if (this.#models.has(model)) return model;
    if (this.#models.size >= MAX_MODEL_LABELS) return 'other';
    this.#models.add(model);
    return model;
  }
}

/**
 * The state of each configured credential at `now`, counted per upstream: every upstream of the
 * config gets all four {@link CREDENTIAL_STATES} (zeros included). Precedence: `blocked` (auth
 * failures, `blockedUntil`), `cooling` (whole-credential, per-model or whole-upstream cooldown),
 * `model_unavailable` (a model the credential cannot serve for a while), else `available`.
 */
export function countCredentialStates(
  config: SwitchboardConfig,
  snapshot: HealthSnapshot,
  now: number,
): Map<string, Record<CredentialState, number>> {
  const records = new Map(snapshot.credentials.map((record) => [record.credentialId, record]));
  const coolingUpstreams = new Set(
    snapshot.upstreams.filter((entry) => entry.cooldownUntil > now).map((entry) => entry.upstreamId),
  );
  const counts = new Map<string, Record<CredentialState, number>>();
  for (const upstream of config.upstreams) {
    const count: Record<CredentialState, number> = {
      blocked: 0,
      cooling: 0,
      model_unavailable: 0,
      available: 0,
    };
    for (const credential of upstream.credentials) {
      const record = records.get(credential.id);
      const models = Object.values(record?.models ?? {});
      if ((record?.blockedUntil ?? 0) > now) count.blocked += 1;
      else if (
        coolingUpstreams.has(upstream.id) ||
        (record?.cooldownUntil ?? 0) > now ||
        models.some((state) => (state.cooldownUntil ?? 0) > now)
      )
        count.cooling += 1;
      else if (models.some((state) => (state.unavailableUntil ?? 0) > now)) count.model_unavailable += 1;
      else count.available += 1;
    }
    counts.set(upstream.id, count);
  }
  return counts;
}

/** The gauges computed at scrape time: credential states and limiter occupancy. */
function registerScrapeGauges(registry: Registry, sources: MetricsSources | undefined): void {
  const credentials: Gauge<'upstream' | 'state'> = new Gauge({
    name: 'switchboard_credentials',
    help: 'Configured credentials by upstream and state (available, cooling, blocked, model_unavailable).',
    labelNames: ['upstream', 'state'],
    registers: [registry],
    async collect() {
      credentials.reset();
      if (sources === undefined) return;
      const now = (sources.now ?? Date.now)();
      try {
        const counts = countCredentialStates(sources.config(), await sources.health.snapshot(now), now);
        for (const [upstream, count] of counts) {
          for (const state of CREDENTIAL_STATES) credentials.set({ upstream, state }, count[state]);
        }
      } catch {
        // A failing state store leaves the gauge empty for this scrape rather than failing it.
      }
    },
  });
  const limiters: Gauge<'upstream' | 'kind'> = new Gauge({
    name: 'switchboard_upstream_limiter',
    help: 'Requests holding (in_flight) or waiting for (queued) a slot of an upstream with limits.',
    labelNames: ['upstream', 'kind'],
    registers: [registry],
    collect() {
      limiters.reset();
      if (sources === undefined) return;
      for (const [upstream, limiter] of sources.limiters()) {
        limiters.set({ upstream, kind: 'in_flight' }, limiter.inFlight);
        limiters.set({ upstream, kind: 'queued' }, limiter.queued);
      }
    },
  });
}
