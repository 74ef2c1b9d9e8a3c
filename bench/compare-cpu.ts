// Compares two builds of the gateway by the CPU time (ms of user + system time, read from
// /proc/<pid>/stat) each spends per request of one bench scenario, both serving the same bench upstream
// at once: rounds alternate A-B and B-A, and the median of the paired differences (B − A) cancels the
// drift of a shared machine better than req/s under autocannon does. It also prints the main thread's share
// (/proc/<pid>/task/<pid>/stat): under autocannon the gateway's main thread is the bottleneck, while V8's
// helper threads (concurrent GC) run beside it on the other core. Linux only. Usage:
//   npm run build && cp dist/switchboard.cjs dist/a.cjs   # … change, build, cp to dist/b.cjs
//   npx tsx bench/compare-cpu.ts dist/a.cjs dist/b.cjs [--only 4,5] [--requests 2000] [--rounds 10]
//   npx tsx bench/compare-cpu.ts --floor dist/switchboard.cjs   # A = the floor proxy: the gateway's extra CPU
// The builds must sit in the repository (dist/) so that their external packages resolve.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import * as requests from './bench-requests.js';
import type { BenchRequest, RequestPair } from './bench-requests.js';
import { installTeardown, killAllChildren, startServer, type RunningServer } from './child-processes.js';
import { createGatewayHome, removeGatewayHomes } from './gateway-config.js';
import { startFloor, startUpstream } from './servers.js';
import { cpuPerRequestUs, readCpuTimes, type CpuTimes } from './process-cpu.js';
import { median } from './stats.js';

const SCENARIOS: Readonly<Record<string, () => RequestPair>> = {
  '1': requests.smallMessages,
  '2': requests.claudeCodeMessages,
  '3': requests.smallMessagesStream,
  '4': requests.claudeCodeToOpenAI,
  '5': requests.openAIToAnthropic,
};
/** Requests in flight per measurement (an undici pool of this many connections). */
const CONCURRENCY = 10;

/** Sends `count` requests, `CONCURRENCY` at a time, reading every answer to its end. */
async function drive(server: RunningServer, sent: BenchRequest, count: number, agent: Agent): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const answer = await request(`${server.url}${sent.path}`, {
        method: sent.method,
        headers: sent.headers,
        body: sent.body,
        dispatcher: agent,
      });
      if (answer.statusCode !== 200) throw new Error(`${server.name}: status ${answer.statusCode}`);
      await answer.body.dump({ limit: Number.MAX_SAFE_INTEGER });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** CPU µs per request of `server` over `count` requests: the process's, and its main thread's. */
async function cpuPerRequest(
  server: RunningServer,
  sent: BenchRequest,
  count: number,
  agent: Agent,
): Promise<CpuTimes> {
  const before = readCpuTimes(server.pid);
  await drive(server, sent, count, agent);
  const perRequest = cpuPerRequestUs(before, readCpuTimes(server.pid), count);
  if (perRequest === undefined) throw new Error(`cannot read /proc/${server.pid} (Linux only)`);
  return perRequest;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      only: { type: 'string', default: '4,5' },
      requests: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '10' },
      floor: { type: 'boolean', default: false },
    },
  });
  const [fileA, fileB] = values.floor ? [undefined, positionals[0]] : positionals;
  if ((fileA === undefined && !values.floor) || fileB === undefined)
    throw new Error('usage: compare-cpu.ts <a.cjs> <b.cjs> [options] | --floor <b.cjs> [options]');
  const count = Number(values.requests);
  const rounds = Number(values.rounds);
  installTeardown();
  const places = { logDir: path.resolve('bench/out') };
  const upstream = await startUpstream(places);
  const start = async (file: string, name: string): Promise<RunningServer> => {
    const home = await createGatewayHome(upstream.url);
    return startServer({
      name,
      command: process.execPath,
      args: [path.resolve(file), 'start', '--config', home.configFile, '--port', '0'],
      env: home.env,
      stderrFile: path.join(places.logDir, `compare-${name}.log`),
    });
  };
  const servers = {
    A: fileA === undefined ? await startFloor(upstream.url, places) : await start(fileA, 'A'),
    B: await start(fileB, 'B'),
  };
  const agent = new Agent({ connections: CONCURRENCY * 2 });
  try {
    for (const id of values.only.split(',')) {
      const pair = SCENARIOS[id];
      if (pair === undefined) throw new Error(`no scenario ${id} (1–5)`);
      const requests = pair();
      const sent = { A: values.floor ? requests.floor : requests.gateway, B: requests.gateway };
      for (const side of ['A', 'B'] as const) await drive(servers[side], sent[side], count, agent); // warm-up
      const costs: Record<'A' | 'B', CpuTimes[]> = { A: [], B: [] };
      for (let round = 0; round < rounds; round += 1) {
        const order = round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const);
        for (const side of order) {
          costs[side].push(await cpuPerRequest(servers[side], sent[side], count, agent));
        }
      }
      for (const part of ['process', 'main'] as const) {
        const a = costs.A.map((cost) => cost[part]);
        const b = costs.B.map((cost) => cost[part]);
        const differences = a.map((cost, round) => (b[round] ?? Number.NaN) - cost);
        const show = (list: number[]): string => list.map((value) => value.toFixed(0)).join(' ');
        process.stdout.write(
          `scenario ${id}, ${part === 'process' ? 'process    ' : 'main thread'}: ` +
            `A ${median(a).toFixed(0)} µs/req [${show(a)}], B ${median(b).toFixed(0)} µs/req [${show(b)}]; ` +
            `paired B − A median ${median(differences).toFixed(1)} µs/req [${show(differences)}]\n`,
        );
      }
    }
  } finally {
    await agent.close();
    killAllChildren();
    await removeGatewayHomes();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`compare-cpu: ${error instanceof Error ? error.message : String(error)}\n`);
    killAllChildren();
    process.exit(1);
  },
);
