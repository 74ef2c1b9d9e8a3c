import type { CooldownPolicy } from '../routing/cooldown-policy.js';
import { DEFAULT_COOLDOWN_POLICY, mergeCooldownPolicy } from '../routing/cooldown-policy.js';
import type { RawCooldown } from './schema.js';

/** The duration fields of a {@link CooldownPolicy} (all but `blockStatuses`). */
type CooldownDurationField = Exclude<keyof CooldownPolicy, 'blockStatuses'>;

/**
 * Each `cooldown` key (seconds) and the {@link CooldownPolicy} field (ms) it sets:
 * `rate-limited-base-seconds` → first 429 cooldown without a hint (doubling per repeat),
 * `rate-limited-max-seconds` → cap of that doubling, `retry-hint-max-seconds` → cap of an
 * upstream's own retry hint, `blocked-seconds` → credential out after 401/402/403,
 * `model-unavailable-seconds` → model off a credential after a 404 "model not found",
 * `upstream-seconds` → whole upstream resting after 408/5xx/network errors/timeouts.
 */
export const COOLDOWN_KEY_FIELDS: readonly (readonly [keyof RawCooldown, CooldownDurationField])[] = [
  ['rate-limited-base-seconds', 'rateLimitBaseMs'],
  ['rate-limited-max-seconds', 'rateLimitMaxMs'],
  ['retry-hint-max-seconds', 'retryHintMaxMs'],
  ['blocked-seconds', 'blockMs'],
  ['model-unavailable-seconds', 'modelNotFoundMs'],
  ['upstream-seconds', 'upstreamCooldownMs'],
];

/**
 * An upstream's cooldown policy: `DEFAULT_COOLDOWN_POLICY` with the entry's `cooldown` overrides
 * (seconds → ms, rounded) merged over it (`mergeCooldownPolicy`); the default object itself when
 * the entry overrides nothing.
 * @param cooldown the entry's validated `cooldown` mapping (durations ≥ 0), if any
 */
export function compileCooldownPolicy(cooldown: RawCooldown | null | undefined): CooldownPolicy {
  if (cooldown == null) return DEFAULT_COOLDOWN_POLICY;
  const overrides: { -readonly [Field in CooldownDurationField]?: number } = {};
  for (const [key, field] of COOLDOWN_KEY_FIELDS) {
    const seconds = cooldown[key];
    if (seconds != null) overrides[field] = Math.round(seconds * 1000);
  }
  if (Object.keys(overrides).length === 0) return DEFAULT_COOLDOWN_POLICY;
  return mergeCooldownPolicy(DEFAULT_COOLDOWN_POLICY, overrides);
}
