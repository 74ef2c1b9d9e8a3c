import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

/** The built CLI entry point (`npm run build` / the vitest global setup builds it). */
export const CLI_PATH = path.resolve(import.meta.dirname, '../../dist/switchboard.mjs');

/** A `switchboard` process started by a test. */
export interface SwitchboardProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** Waits until standard output matches, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/**
 * Spawns `node dist/switchboard.mjs <args>` (the bundled `switchboard` binary) with exactly `env` (plus PATH), so the developer's own
 * provider keys never leak into a test.
 */
export function spawnSwitchboard(args: readonly string[], env: Record<string, string>): SwitchboardProcess {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: 'pipe',
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => {
          clearInterval(poll);
          reject(new Error(`timed out waiting for ${String(pattern)}; stdout: ${out}; stderr: ${err}`));
        }, timeoutMs);
        const poll = setInterval(() => {
          const match = pattern.exec(out);
          if (match) {
            clearInterval(poll);
            clearTimeout(deadline);
            resolve(match);
          }
        }, 20);
      });
    },
  };
}
