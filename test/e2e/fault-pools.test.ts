// Fault scenarios, part 2: how a pool spreads traffic around failures. 401 on one key of three (the key is
// avoided afterwards), round-robin evenness over 300 distinct conversations, fill-first order until key 1
// answers 429, and session affinity over a 20-turn conversation (no switch while healthy, exactly one when
// its key answers 429). Each runs through both official SDKs and checks what the client saw, what reached
// the upstream (which keys), and one usage record per client request.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultBench, type FaultBench } from '../support/fault-bench.js';
import { FAULT_ROWS, uniquePrompt, type ConversationTurn } from '../support/fault-clients.js';
import {
  credentialIdOfKey,
  poolKeys,
  startFaultUpstream,
  type FaultUpstream,
} from '../support/fault-upstreams.js';
import { runBounded } from '../support/fault-usage.js';

/** How many requests of the evenness test are in flight at once. */
const PARALLELISM = 20;

/** How often each of `keys` occurs in `used`. */
function countsOf(keys: readonly string[], used: readonly string[]): number[] {
  return keys.map((key) => used.filter((candidate) => candidate === key).length);
}

/** How many times consecutive entries of `sequence` differ. */
function switchesIn(sequence: readonly string[]): number {
  return sequence.filter((value, index) => index > 0 && value !== sequence[index - 1]).length;
}

describe.each(FAULT_ROWS)('fault pools: $name', (row) => {
  let upstream: FaultUpstream;
  let bench: FaultBench | undefined;

  beforeAll(async () => {
    upstream = await startFaultUpstream(row.upstream);
  });
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('401 on one key of three → the next key serves, and the next 6 requests never use the 401 key', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('auth', 3) });
    upstream.enqueue({ kind: 'status', status: 401 });

    await expect(bench.client.ask()).resolves.toBe(upstream.defaultText);
    const [rejected, served] = upstream.keys();
    expect(rejected).toBe(bench.keys[0]);
    expect(served).not.toBe(rejected);

    for (let turn = 0; turn < 6; turn += 1)
      await expect(bench.client.ask()).resolves.toBe(upstream.defaultText);
    const later = upstream.keys().slice(2);
    expect(later).toHaveLength(6);
    expect(later).not.toContain(rejected);
    expect(countsOf(bench.keys.slice(1), later)).toEqual([3, 3]);

    await bench.expectUsage([
      { outcome: 'complete', status: 200, attempts: 2, credentialId: credentialIdOfKey(served ?? '') },
      ...later.map((key) => ({
        outcome: 'complete' as const,
        status: 200,
        attempts: 1,
        credentialId: credentialIdOfKey(key),
      })),
    ]);
  });

  it('round-robin spreads 300 distinct conversations evenly over 3 keys (20 in flight)', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('even', 3) });
    const { client } = bench;

    const answers = await runBounded(300, PARALLELISM, (index) =>
      index % 2 === 0 ? client.ask(uniquePrompt('even')) : client.stream(uniquePrompt('even')),
    );

    expect(answers.every((answer) => answer === upstream.defaultText)).toBe(true);
    expect(upstream.requests).toHaveLength(300);
    const counts = countsOf(bench.keys, upstream.keys());
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(300);
    for (const count of counts) {
      expect(count).toBeGreaterThanOrEqual(95);
      expect(count).toBeLessThanOrEqual(105);
    }

    const records = await bench.usage.records(300);
    expect(records.every((record) => record.outcome === 'complete' && record.attempts === 1)).toBe(true);
    expect(records.filter((record) => record.stream)).toHaveLength(150);
    const byCredential = bench.keys.map(
      (key) => records.filter((record) => record.credentialId === credentialIdOfKey(key)).length,
    );
    expect(byCredential).toEqual(counts);
  });

  it('fill-first: all traffic on key 1 until it answers 429, then on key 2', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('fill', 3), strategy: 'fill-first' });
    const { client, keys } = bench;

    for (let turn = 0; turn < 5; turn += 1) await expect(client.ask()).resolves.toBe(upstream.defaultText);
    upstream.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    await expect(client.stream()).resolves.toBe(upstream.defaultText);
    for (let turn = 0; turn < 5; turn += 1) await expect(client.ask()).resolves.toBe(upstream.defaultText);

    const key1 = keys[0] ?? '';
    const key2 = keys[1] ?? '';
    expect(upstream.keys()).toEqual([...Array<string>(6).fill(key1), ...Array<string>(6).fill(key2)]);

    const served = (attempts: number, credentialId: string) => ({
      outcome: 'complete' as const,
      status: 200,
      attempts,
      credentialId,
    });
    await bench.expectUsage([
      ...Array.from({ length: 5 }, () => served(1, bench?.credentialId(0) ?? '')),
      { ...served(2, bench.credentialId(1)), stream: true },
      ...Array.from({ length: 5 }, () => served(1, bench?.credentialId(1) ?? '')),
    ]);
  });

  /**
   * Plays a 20-turn conversation (one session, the history growing each turn) on `bench`, with one
   * unrelated request before each turn so that plain round-robin would move it; before turn
   * `rateLimitAt` (1-based) the upstream's next answer is a 429 with Retry-After: 60.
   * @returns the key that answered each turn
   */
  async function playConversation(current: FaultBench, session: string, rateLimitAt?: number) {
    const history: ConversationTurn[] = [];
    const answeredBy: string[] = [];
    for (let turn = 1; turn <= 20; turn += 1) {
      await expect(current.client.ask(uniquePrompt('noise'))).resolves.toBe(upstream.defaultText);
      if (turn === rateLimitAt)
        upstream.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
      const text = `turn ${turn} of the conversation`;
      const call = turn % 2 === 0 ? current.client.stream : current.client.ask;
      const answer = await call(text, { session, history });
      expect(answer).toBe(upstream.defaultText);
      answeredBy.push(upstream.keys().at(-1) ?? '');
      history.push({ role: 'user', content: text }, { role: 'assistant', content: answer });
    }
    return answeredBy;
  }

  it('affinity: a 20-turn conversation never switches keys while healthy', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('sticky', 3) });

    const answeredBy = await playConversation(bench, `session-${uniquePrompt('healthy')}`);

    expect(switchesIn(answeredBy)).toBe(0);
    // The unrelated requests did move round-robin over the other keys.
    expect(new Set(upstream.keys()).size).toBe(3);
    await bench.usage.records(40);
  });

  it('affinity: the conversation switches keys exactly once when its key starts answering 429', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('switch', 3) });

    const answeredBy = await playConversation(bench, `session-${uniquePrompt('limited')}`, 8);

    expect(switchesIn(answeredBy)).toBe(1);
    expect(answeredBy[7]).not.toBe(answeredBy[6]);
    expect(upstream.requests).toHaveLength(41);
    const records = await bench.usage.records(40);
    // Turn 8 is the 16th request: the 429 and the retry on another key.
    expect(records.map((record) => record.attempts)).toEqual(
      Array.from({ length: 40 }, (_, index) => (index === 15 ? 2 : 1)),
    );
    expect(records.every((record) => record.outcome === 'complete' && record.status === 200)).toBe(true);
  });
});
