// Added latency on an idle path: one keep-alive connection per target, requests one after the other,
// rounds alternating between the targets; each round's median, then the median of those medians.
import { Client } from 'undici';
import type { BenchRequest } from './bench-requests.js';
import { median } from './stats.js';

/** One target of the comparison (e.g. the upstream directly, the floor, the gateway). */
export interface SequentialTarget {
  readonly name: string;
  readonly url: string;
  readonly request: BenchRequest;
}

/** Per target: the median of each round, ms, and their median. */
export interface SequentialResult {
  readonly roundMediansMs: number[];
  readonly medianOfMediansMs: number;
  readonly failures: number;
}

/** Rounds and requests per round. */
export interface SequentialLoad {
  readonly rounds: number;
  readonly requestsPerRound: number;
}

/**
 * Runs `load.rounds` rounds per target, the order rotating each round, after one unmeasured warm-up
 * round of a fifth of the requests.
 */
export async function measureSequential(
  targets: readonly SequentialTarget[],
  load: SequentialLoad,
): Promise<Record<string, SequentialResult>> {
  const clients = targets.map(
    (target) => new Client(target.url, { keepAliveTimeout: 60_000, pipelining: 1 }),
  );
  const medians = targets.map((): number[] => []);
  const failures = targets.map(() => 0);
  try {
    for (const [index, target] of targets.entries()) {
      await round(clients[index]!, target.request, Math.ceil(load.requestsPerRound / 5));
    }
    for (let roundNumber = 0; roundNumber < load.rounds; roundNumber += 1) {
      for (let step = 0; step < targets.length; step += 1) {
        const index = (step + roundNumber) % targets.length;
        const result = await round(clients[index]!, targets[index]!.request, load.requestsPerRound);
        medians[index]!.push(median(result.latencies));
        failures[index]! += result.failures;
      }
    }
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
  return Object.fromEntries(
    targets.map((target, index) => [
      target.name,
      {
        roundMediansMs: medians[index]!,
        medianOfMediansMs: median(medians[index]!),
        failures: failures[index]!,
      },
    ]),
  );
}

async function round(
  client: Client,
  request: BenchRequest,
  count: number,
): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  for (let sent = 0; sent < count; sent += 1) {
    const start = performance.now();
    const answer = await client.request({
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body,
    });
    await answer.body.dump({ limit: Number.MAX_SAFE_INTEGER });
    latencies.push(performance.now() - start);
    if (answer.statusCode !== 200) failures += 1;
  }
  return { latencies, failures };
}
