/**
 * The limiters of every upstream, one per upstream id, kept across requests (and across config
 * reloads while the upstream's limits stay the same, so its counters and queue carry over).
 */
import type { UpstreamConfig, UpstreamLimits } from '../config/switchboard-config.js';
import { UpstreamLimiter } from './upstream-limiter.js';

/** Shared by every upstream without a rate or concurrency limit: it counts nothing. */
const UNLIMITED = new UpstreamLimiter('(unlimited)', {
  rateLimit: 0,
  rateWindowMs: 0,
  maxConcurrency: 0,
  queueSize: 0,
  queueTimeoutMs: 0,
});

const limiters = new Map<string, UpstreamLimiter>();

/**
 * The limiter of an upstream (`UpstreamConfig.limits`, counts and ms). One per upstream id; a new
 * one replaces it when the upstream's limit values changed (config reload: requests holding a slot
 * of the old limiter release into the old one, which is then dropped). An upstream with neither a
 * rate limit nor a concurrency limit gets the shared unlimited limiter.
 * @param upstream the upstream about to be called
 */
export function limiterFor(upstream: UpstreamConfig): UpstreamLimiter {
  const limits = upstream.limits;
  const unlimited = !(limits.rateLimit > 0 && limits.rateWindowMs > 0) && !(limits.maxConcurrency > 0);
  if (unlimited) {
    if (limiters.size > 0) limiters.delete(upstream.id);
    return UNLIMITED;
  }
  const current = limiters.get(upstream.id);
  if (current && sameLimits(current.limits, limits)) return current;
  const limiter = new UpstreamLimiter(upstream.id, limits);
  limiters.set(upstream.id, limiter);
  return limiter;
}

/**
 * The limiters currently kept, by upstream id, for the debug route (read `inFlight`, `queued`,
 * `limits`); upstreams without limits are not listed.
 */
export function listLimiters(): ReadonlyMap<string, UpstreamLimiter> {
  return limiters;
}

function sameLimits(a: UpstreamLimits, b: UpstreamLimits): boolean {
  return (
    a === b ||
    (a.rateLimit === b.rateLimit &&
      a.rateWindowMs === b.rateWindowMs &&
      a.maxConcurrency === b.maxConcurrency &&
      a.queueSize === b.queueSize &&
      a.queueTimeoutMs === b.queueTimeoutMs)
  );
}
