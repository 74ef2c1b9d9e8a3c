// Starting and stopping the bench's servers: each is a child process on 127.0.0.1 that prints
// `listening on http://127.0.0.1:<port>` once it listens. Every child is registered so that any exit of
// the runner (normal end, error, Ctrl-C) kills what is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A server child that is listening. */
export interface RunningServer {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Sends `signal` (default SIGTERM) and resolves once the process exited (SIGKILL after 10 s). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** How to start one server. */
export interface ServerSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Standard error goes to this file (default: discarded). */
  readonly stderrFile?: string | undefined;
  /** Longest wait for the listening line, ms (default 30 s). */
  readonly timeoutMs?: number | undefined;
}

/** The repository root: every child runs there (so `--import tsx` and `dist/` resolve). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LISTENING_LINE = /listening on http:\/\/127\.0\.0\.1:(\d+)/;
const children = new Set<ChildProcess>();

/** Kills every child still running (SIGKILL); safe to call more than once. */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** Kills the children on exit, Ctrl-C, SIGTERM and uncaught errors (call once, from the entry). */
export function installTeardown(): void {
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (error) => {
    process.stderr.write(`${error.stack ?? String(error)}\n`);
    killAllChildren();
    process.exit(1);
  });
}

/** Registers a child so that teardown kills it; returns it. */
export function track<Child extends ChildProcess>(child: Child): Child {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Spawns a child process (standard output piped) and registers it for teardown. */
export function spawnRegistered(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv | undefined,
  stderrFile: string | undefined,
): ChildProcess {
  const stderrFd = stderrFile === undefined ? 'ignore' : openSync(stderrFile, 'a');
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: env ?? process.env,
    stdio: ['ignore', 'pipe', stderrFd],
  });
  if (typeof stderrFd === 'number') closeSync(stderrFd);
  return track(child);
}

/**
 * Starts a server and resolves once it printed its listening line.
 * @throws when it exits or stays silent past the timeout (with the tail of its standard error)
 */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const child = spawnRegistered(spec.command, spec.args, spec.env, spec.stderrFile);
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error('no listening line')), spec.timeoutMs ?? 30_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      void tailOf(spec.stderrFile).then((tail) => reject(new Error(`${spec.name}: ${error.message}${tail}`)));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(new Error(`exited (${code ?? signal}) before listening`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = LISTENING_LINE.exec(seen);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(Number(match[1]));
    });
  });
  child.stdout?.resume();
  const url = `http://127.0.0.1:${port}`;
  process.stdout.write(`  ${spec.name} pid ${child.pid ?? '?'} on ${url}\n`);
  return {
    name: spec.name,
    url,
    port,
    pid: child.pid ?? -1,
    child,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => stopChild(child, signal),
  };
}

/** Sends `signal` and waits for the exit; SIGKILL after 10 s. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

async function tailOf(file: string | undefined): Promise<string> {
  if (file === undefined) return '';
  const text = await readFile(file, 'utf8').catch(() => '');
  return text === '' ? '' : `\n--- ${file} (tail) ---\n${text.slice(-2000)}`;
}
