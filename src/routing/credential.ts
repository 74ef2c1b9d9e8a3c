import { createHash } from 'node:crypto';

/** Largest weight a credential can carry; larger values are clamped (keeps round-robin tables small). */
export const MAX_CREDENTIAL_WEIGHT = 1000;

/**
 * One credential of an upstream's pool: an API key (plus its own proxy), with how much traffic it
 * takes and which requests it may serve. Sources: CLIProxyAPI `*-api-key` entries (`api-key`,
 * `prefix`, `proxy-url`) and free-claude-code's `*_API_KEYS` / `*_KEY_USAGE_LIMIT` variables.
 */
export interface UpstreamCredential {
  /**
   * `cred_` + the first 12 hex digits of sha256(upstreamId + '\0' + apiKey + '\0' + (proxyUrl ?? '')):
   * stable across restarts, different as soon as the key or the proxy changes (so cooldowns of the
   * old key never apply to the new one), and never reveals the key. See {@link credentialIdOf}.
   */
  readonly id: string;
  /** The secret sent upstream; never logged, never stored in routing state. */
  readonly apiKey: string;
  /** HTTP(S)/SOCKS proxy this credential's traffic goes through, if any. */
  readonly proxyUrl?: string | undefined;
  /** Share of round-robin traffic: an integer ≥ 1 (default 1, clamped to {@link MAX_CREDENTIAL_WEIGHT}). */
  readonly weight: number;
  /** Tier: higher tiers are used first, lower ones only when no higher credential is available (default 0). */
  readonly priority: number;
  /** When set, the credential serves only requests made as `prefix/model`. */
  readonly prefix?: string | undefined;
  /** Rotate away after this many successful requests (`*_KEY_USAGE_LIMIT`); `undefined`/0 = never. */
  readonly usageLimit?: number | undefined;
}

/** What {@link createCredential} takes: only the key is required. */
export interface CredentialInput {
  readonly apiKey: string;
  readonly proxyUrl?: string | undefined;
  readonly weight?: number | undefined;
  readonly priority?: number | undefined;
  readonly prefix?: string | undefined;
  readonly usageLimit?: number | undefined;
}

/**
 * The stable, secret-free id of a credential (see {@link UpstreamCredential.id}).
 * @param upstreamId id of the upstream the key belongs to
 * @param apiKey the key itself (hashed, never returned)
 * @param proxyUrl the credential's proxy, if any
 * @returns `cred_` followed by 12 lower-case hex digits
 */
export function credentialIdOf(upstreamId: string, apiKey: string, proxyUrl?: string): string {
  const digest = createHash('sha256')
    .update(`${upstreamId}\0${apiKey}\0${proxyUrl ?? ''}`)
    .digest('hex');
  return `cred_${digest.slice(0, 12)}`;
}

/**
 * Builds a credential with defaults applied: weight 1 (rounded, clamped to 1…1000), priority 0,
 * an empty prefix or a usage limit of 0 dropped.
 * @throws RangeError when `weight`, `priority` or `usageLimit` is not a finite number, or
 *   `usageLimit` is negative
 */
export function createCredential(upstreamId: string, input: CredentialInput): UpstreamCredential {
  const weight = input.weight ?? 1;
  const priority = input.priority ?? 0;
  if (!Number.isFinite(weight)) throw new RangeError(`Credential weight must be a number, got ${weight}.`);
  if (!Number.isFinite(priority))
    throw new RangeError(`Credential priority must be a number, got ${priority}.`);
  const usageLimit = input.usageLimit;
  if (usageLimit !== undefined && (!Number.isFinite(usageLimit) || usageLimit < 0)) {
    throw new RangeError(`Credential usage limit must be ≥ 0, got ${usageLimit}.`);
  }
  return {
    id: credentialIdOf(upstreamId, input.apiKey, input.proxyUrl),
    apiKey: input.apiKey,
    ...(input.proxyUrl === undefined || input.proxyUrl === '' ? {} : { proxyUrl: input.proxyUrl }),
    weight: Math.min(MAX_CREDENTIAL_WEIGHT, Math.max(1, Math.round(weight))),
    priority,
    ...(input.prefix === undefined || input.prefix === '' ? {} : { prefix: input.prefix }),
    ...(usageLimit === undefined || usageLimit === 0 ? {} : { usageLimit: Math.floor(usageLimit) }),
  };
}
