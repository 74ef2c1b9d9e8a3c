import { z } from 'zod';
import { proxyUrlSchema, upstreamIdSchema } from './schema-fields.js';

/**
 * Schemas of the credential-pool keys of `config.yaml`: `api-key-entries`, `weight`, `priority`,
 * `cooldown` (every upstream section) and the top-level `routing`. Meaning: `compile-credentials.ts`,
 * `compile-cooldown-policy.ts`, `compile-config.ts`.
 */

/**
 * `weight`: a credential's share of round-robin traffic, an integer ≥ 1 (default 1). Values above
 * `MAX_CREDENTIAL_WEIGHT` (1000) count as 1000 (CLIProxyAPI allows up to 1,000,000).
 */
export const weightSchema = z.int().min(1);

/** `priority`: a credential's tier, any integer (default 0); higher tiers are used first. */
export const prioritySchema = z.int();

/**
 * One `api-key-entries` item (seed 002): a key with its own `proxy-url`, plus Switchboard's `weight`,
 * `priority` (both default to the entry's) and `prefix` (the key then serves only `prefix/model`).
 */
export const apiKeyEntrySchema = z.strictObject({
  'api-key': z.string().nullish(),
  'proxy-url': proxyUrlSchema.nullish(),
  weight: weightSchema.nullish(),
  priority: prioritySchema.nullish(),
  prefix: upstreamIdSchema.nullish(),
});

const secondsSchema = z.number().min(0);

/**
 * `cooldown`: an upstream's overrides of the cooldown policy table, seconds (`CooldownPolicy` in
 * `routing/cooldown-policy.ts`); an absent key keeps the default.
 */
export const cooldownSchema = z.strictObject({
  /** First 429 cooldown without a retry hint (doubles per consecutive 429): `rateLimitBaseMs`. */
  'rate-limited-base-seconds': secondsSchema.nullish(),
  /** Cap of the doubling 429 cooldown: `rateLimitMaxMs`. */
  'rate-limited-max-seconds': secondsSchema.nullish(),
  /** Cap of an upstream's own retry hint: `retryHintMaxMs`. */
  'retry-hint-max-seconds': secondsSchema.nullish(),
  /** How long a credential answered 401/402/403 stays out: `blockMs`. */
  'blocked-seconds': secondsSchema.nullish(),
  /** How long a model stays off a credential after a 404 "model not found": `modelNotFoundMs`. */
  'model-unavailable-seconds': secondsSchema.nullish(),
  /** How long the upstream rests after 408, 5xx, network errors, timeouts: `upstreamCooldownMs`. */
  'upstream-seconds': secondsSchema.nullish(),
});

/** The pool keys of every upstream section, spread into each entry schema. */
export const poolFields = {
  'api-key-entries': z.array(apiKeyEntrySchema).nullish(),
  weight: weightSchema.nullish(),
  priority: prioritySchema.nullish(),
  cooldown: cooldownSchema.nullish(),
};

/**
 * `routing.strategy` values. `weighted-round-robin` (newer CLIProxyAPI) is read as `round-robin`,
 * which already honours weights.
 */
export const ROUTING_STRATEGIES = ['round-robin', 'fill-first', 'weighted-round-robin'] as const;

/** CLIProxyAPI `routing` keys accepted so its files load, each with an "accepted but not used yet" warning. */
export const ACCEPTED_UNUSED_ROUTING_KEYS = [
  'session-affinity',
  'session-affinity-ttl',
  'session-affinity-subagents',
] as const;

/** Top-level `routing` (seed 002): how a credential of an upstream's pool is picked. */
export const routingSchema = z.strictObject({
  strategy: z.enum(ROUTING_STRATEGIES).nullish(),
  'session-affinity': z.unknown().optional(),
  'session-affinity-ttl': z.unknown().optional(),
  'session-affinity-subagents': z.unknown().optional(),
});
