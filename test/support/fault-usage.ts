// Usage-record bookkeeping and bounded parallelism for the fault-scenario e2e tests: every client request
// must leave exactly one usage record (never zero, never two), with the outcome, status, attempt count and
// credential the scenario expects.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { UsageOutcome, UsageRecord } from '../../src/observability/usage-record.js';
import type { WireFormat } from '../../src/protocols/protocol.js';
import type { TestGateway } from './test-gateway.js';

/** How long to wait for records written after the client saw the end of its answer, ms. */
const RECORD_WAIT_MS = 1000;
/** How long to keep watching for a surplus record once the expected count is reached, ms. */
const SURPLUS_WATCH_MS = 50;

/** What one request's usage record must say. */
export interface ExpectedUsage {
  readonly outcome: UsageOutcome;
  /** HTTP status sent to the client. */
  readonly status: number;
  /** Upstream calls made for the request. */
  readonly attempts: number;
  readonly stream?: boolean;
  /** The gateway error code of a rejected request (`model_cooldown`, `auth_unavailable`). */
  readonly errorCode?: string;
  /** The hashed id of the credential of the answering (or last) attempt. */
  readonly credentialId?: string;
}

/**
 * Counts the gateway's usage records from the moment it is made, so a scenario can check the records its
 * own requests added.
 */
export class UsageWatch {
  private readonly start: number;

  constructor(private readonly gateway: TestGateway) {
    this.start = gateway.usageRecords().length;
  }

  /**
   * The records added since the watch began, once there are `count` of them: waits up to
   * {@link RECORD_WAIT_MS} for late ones, then a little longer to catch a surplus record. Asserts the
   * number is exactly `count` (one per client request, none lost, none double-counted).
   */
  async records(count: number): Promise<UsageRecord[]> {
    const deadline = Date.now() + RECORD_WAIT_MS;
    while (this.added().length < count && Date.now() < deadline) await sleep(10);
    await sleep(SURPLUS_WATCH_MS);
    const added = this.added();
    expect(added, `usage records of ${count} client request(s)`).toHaveLength(count);
    return added;
  }

  /**
   * Asserts one record per entry of `expected`, in order (the order requests ended), each of the
   * client's `inbound` format, for `requestedModel`, and with the expected fields.
   */
  async expect(
    inbound: WireFormat,
    requestedModel: string,
    expected: readonly ExpectedUsage[],
  ): Promise<UsageRecord[]> {
    const records = await this.records(expected.length);
    records.forEach((record, index) => {
      const want = expected[index];
      if (want === undefined) return;
      expect(record, `usage record ${index + 1} of ${expected.length}`).toMatchObject({
        inbound,
        requestedModel,
        outcome: want.outcome,
        status: want.status,
        attempts: want.attempts,
        ...(want.stream === undefined ? {} : { stream: want.stream }),
        ...(want.errorCode === undefined ? {} : { errorCode: want.errorCode }),
        ...(want.credentialId === undefined ? {} : { credentialId: want.credentialId }),
      });
    });
    return records;
  }

  private added(): UsageRecord[] {
    return this.gateway.usageRecords().slice(this.start);
  }
}

/**
 * Runs `count` tasks with at most `parallelism` in flight at once; resolves their results in task order.
 * @param task called with the task's index, 0 … count − 1
 */
export async function runBounded<Result>(
  count: number,
  parallelism: number,
  task: (index: number) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = new Array<Result>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, count) }, worker));
  return results;
}
