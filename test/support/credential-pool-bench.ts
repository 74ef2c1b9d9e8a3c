// Shared setup for the selectCredential tests (credential-pool.test.ts and credential-pool-health.test.ts):
// a fake clock, a fresh CredentialHealth over an in-memory store, and helpers to make credentials, pick
// from a pool and record failures at the current fake time.
import { MemoryStateStore } from '../../src/store/memory/memory-state-store.js';
import {
  classifyFailure,
  DEFAULT_COOLDOWN_POLICY,
  type FailureInput,
} from '../../src/routing/cooldown-policy.js';
import { CredentialHealth } from '../../src/routing/credential-health.js';
import {
  createCredential,
  type CredentialInput,
  type UpstreamCredential,
} from '../../src/routing/credential.js';
import {
  selectCredential,
  type PoolSelection,
  type PoolStrategy,
  type SelectCredentialInput,
} from '../../src/routing/credential-pool.js';

/** The upstream id every bench credential belongs to. */
export const UPSTREAM = 'anthropic';
/** The model every bench selection and health record is for. */
export const MODEL = 'claude-sonnet-4-5';
/** The fake clock's value after `reset()`, in epoch milliseconds. */
export const START = Date.parse('2025-08-21T12:00:00Z');

/**
 * A fake clock plus a `CredentialHealth` for selectCredential tests. Create one per test file and call
 * `reset()` in `beforeEach`; advance time with `bench.time += ms`. The health store reads `time` live.
 */
export class CredentialPoolBench {
  /** The fake current time in epoch milliseconds; used as `now` everywhere. */
  time = START;
  /** Health state over a `MemoryStateStore` whose clock is `time`; replaced by `reset()`. */
  health: CredentialHealth = this.freshHealth();

  /** Rewinds the clock to `START` and starts over with empty health state. */
  reset(): void {
    this.time = START;
    this.health = this.freshHealth();
  }

  /** A credential of `UPSTREAM` with API key `sk-<name>` and the other fields of `input`. */
  make(name: string, input: Omit<CredentialInput, 'apiKey'> = {}): UpstreamCredential {
    return createCredential(UPSTREAM, { apiKey: `sk-${name}`, ...input });
  }

  /** selectCredential over `credentials` for `MODEL` at the current time; `extra` overrides any input. */
  async pick(
    credentials: readonly UpstreamCredential[],
    strategy: PoolStrategy,
    extra: Partial<SelectCredentialInput> = {},
  ): Promise<PoolSelection> {
    return selectCredential({
      upstreamId: UPSTREAM,
      credentials,
      model: MODEL,
      strategy,
      health: this.health,
      now: this.time,
      ...extra,
    });
  }

  /** Like `pick`, but returns the chosen credential's id and throws when none is available. */
  async pickId(
    credentials: readonly UpstreamCredential[],
    strategy: PoolStrategy,
    extra: Partial<SelectCredentialInput> = {},
  ): Promise<string> {
    const selection = await this.pick(credentials, strategy, extra);
    if (!('credential' in selection))
      throw new Error(`no credential: ${JSON.stringify(selection.unavailable)}`);
    return selection.credential.id;
  }

  /** The ids of `count` successive `pickId` calls (no extra input). */
  async picks(
    count: number,
    credentials: readonly UpstreamCredential[],
    strategy: PoolStrategy,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) ids.push(await this.pickId(credentials, strategy));
    return ids;
  }

  /**
   * Records a failure of `credential` for `MODEL` at the current time, classified by the default cooldown
   * policy at the credential's current backoff level.
   */
  async fail(credential: UpstreamCredential, input: FailureInput): Promise<void> {
    const action = classifyFailure(
      input,
      DEFAULT_COOLDOWN_POLICY,
      await this.health.backoffLevel(credential.id),
      this.time,
    );
    await this.health.recordFailure({
      credentialId: credential.id,
      upstreamId: UPSTREAM,
      model: MODEL,
      action,
      status: input.status,
      now: this.time,
    });
  }

  /** Records a success of `credential` for `MODEL` at the current time (no rate-limit headers). */
  succeed(credential: UpstreamCredential): Promise<void> {
    return this.health.recordSuccess({
      credentialId: credential.id,
      upstreamId: UPSTREAM,
      model: MODEL,
      now: this.time,
      countSuccess: credential.usageLimit !== undefined,
    });
  }

  private freshHealth(): CredentialHealth {
    return new CredentialHealth(new MemoryStateStore({ now: () => this.time }));
  }
}
