// Drives a server with autocannon's CLI in its own process (`--json`), so the load generator never shares
// a process with the server it measures.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BenchRequest } from './bench-requests.js';
import { track } from './child-processes.js';

/** Throughput and latency of one autocannon run. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  /** Latency percentiles, ms (autocannon's histogram has 1 ms resolution). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** Errors, timeouts and non-2xx answers: any is a failed run. */
  readonly failures: number;
}

/** One run's settings. */
export interface LoadOptions {
  readonly url: string;
  readonly request: BenchRequest;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Where request bodies are written for the CLI's `-i`. */
  readonly scratchDir: string;
}

interface AutocannonJson {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  latency: { p50: number; p99: number };
  requests: { total: number };
}

const AUTOCANNON_CLI = path.join(
  path.dirname(createRequire(import.meta.url).resolve('autocannon/package.json')),
  'autocannon.js',
);
let bodyFiles = 0;

/**
 * Runs autocannon against `url + request.path` for the duration with the given connections.
 * @throws when autocannon fails or prints no result
 */
export async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  const { request } = options;
  bodyFiles += 1;
  const bodyFile = path.join(options.scratchDir, `body-${bodyFiles}.json`);
  await writeFile(bodyFile, request.body);
  const args = [
    AUTOCANNON_CLI,
    '--json',
    '--no-progress',
    ['-c', String(options.connections)],
    ['-d', String(options.durationSeconds)],
    ['-m', request.method],
    ['-i', bodyFile],
    Object.entries(request.headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]),
    `${options.url}${request.path}`,
  ].flat();
  const output = await runNode(args);
  const result = JSON.parse(output) as AutocannonJson;
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

function runNode(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(line);
      else reject(new Error(`autocannon exited ${code}: ${stderr.slice(-1000)}`));
    });
  });
}
