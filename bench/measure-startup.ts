// Start-up time: from spawning a server process to its first successful `GET /healthz` (polled every
// 5 ms on a port chosen beforehand), and to the line it prints once it is listening.
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnRegistered, stopChild } from './child-processes.js';

/** One start: ms from spawn to the first 200 of `/healthz`, and to the listening line (if printed). */
export interface StartupTiming {
  readonly healthyMs: number;
  readonly listeningLineMs: number | undefined;
}

/** How to start the server on a given port. */
export interface StartupSpec {
  readonly command: string;
  /** Arguments and environment of one start on `port` (e.g. with a new home directory each time). */
  readonly prepare: (
    port: number,
  ) => Promise<{ args: readonly string[]; env?: NodeJS.ProcessEnv | undefined }>;
}

const POLL_MS = 5;
const TIMEOUT_MS = 30_000;

/** A port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts the server `runs` times, one after the other (each stopped before the next). */
export async function measureStartups(spec: StartupSpec, runs: number): Promise<StartupTiming[]> {
  const timings: StartupTiming[] = [];
  for (let run = 0; run < runs; run += 1) timings.push(await measureStartup(spec));
  return timings;
}

async function measureStartup(spec: StartupSpec): Promise<StartupTiming> {
  const port = await freePort();
  const { args, env } = await spec.prepare(port);
  const start = performance.now();
  const child = spawnRegistered(spec.command, args, env, undefined);
  let listeningLineMs: number | undefined;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (listeningLineMs === undefined && output.includes('listening on')) {
      listeningLineMs = performance.now() - start;
    }
  });
  try {
    while (!(await isHealthy(port))) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) during start-up`);
      if (performance.now() - start > TIMEOUT_MS) throw new Error('server did not become healthy');
      await sleep(POLL_MS);
    }
    const healthyMs = performance.now() - start;
    // The gateway prints its banner after local discovery: give it a moment.
    for (let waited = 0; listeningLineMs === undefined && waited < 2_000; waited += POLL_MS)
      await sleep(POLL_MS);
    return { healthyMs, listeningLineMs };
  } finally {
    await stopChild(child, 'SIGKILL');
  }
}

function isHealthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = httpRequest({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    probe.on('error', () => resolve(false));
    probe.end();
  });
}
