// The three servers of a run, each its own process on 127.0.0.1 and an ephemeral port: the bench upstream,
// the floor proxy and the gateway (the built, bundled CLI, `dist/switchboard.mjs`).
import path from 'node:path';
import { REPO_ROOT, startServer, type RunningServer } from './child-processes.js';
import { buildFloor } from './build-floor.js';
import { createGatewayHome } from './gateway-config.js';

/** Node flags that let a child run a bench TypeScript file. */
const TSX = ['--import', 'tsx'];

/** Where the servers' standard error goes, and the gateway's optional CPU profile directory. */
export interface ServerPlaces {
  readonly logDir: string;
  /** When set, the gateway runs with `--cpu-prof` and writes its profile there on exit. */
  readonly profileDir?: string | undefined;
}

/** Starts bench/bench-upstream.ts. */
export function startUpstream(places: ServerPlaces): Promise<RunningServer> {
  return startServer({
    name: 'upstream',
    command: process.execPath,
    args: [...TSX, path.join(REPO_ROOT, 'bench/bench-upstream.ts')],
    stderrFile: path.join(places.logDir, 'upstream.log'),
  });
}

/**
 * Starts bench/floor-proxy.ts (as plain JavaScript, see build-floor.ts) in front of `upstreamUrl`.
 * @param name the process's name in progress lines and its log file's (`<name>.log`)
 */
export async function startFloor(
  upstreamUrl: string,
  places: ServerPlaces,
  name = 'floor',
): Promise<RunningServer> {
  return startServer({
    name,
    command: process.execPath,
    args: [await buildFloor(), upstreamUrl],
    stderrFile: path.join(places.logDir, `${name}.log`),
  });
}

/** The arguments of `switchboard start` on `port` with `configFile`, as a user runs the built CLI. */
export function gatewayArgs(configFile: string, port: number, profileDir?: string): string[] {
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  return [
    ...profile,
    path.join(REPO_ROOT, 'dist/switchboard.mjs'),
    'start',
    '--config',
    configFile,
    '--port',
    String(port),
  ];
}

/** Starts the built gateway with a fresh home whose config points at `upstreamUrl` (logs to a file). */
export async function startGateway(upstreamUrl: string, places: ServerPlaces): Promise<RunningServer> {
  const home = await createGatewayHome(upstreamUrl);
  return startServer({
    name: 'gateway',
    command: process.execPath,
    args: gatewayArgs(home.configFile, 0, places.profileDir),
    env: home.env,
    stderrFile: path.join(places.logDir, 'gateway.log'),
  });
}
