// Writes the V8 code cache of the bundled CLI (see src/cli/code-cache.ts): starts the gateway once,
// on its embedded defaults in a temporary home, on a free loopback port, with
// SWITCHBOARD_WRITE_CODE_CACHE=1; once it prints that it is listening, stops it with SIGINT, and the
// launcher writes the cache as the process exits: every function that start-up compiled is in it.
// Without a cache the gateway still runs, only starts slower: a failure here is a warning.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';

const TIMEOUT_MS = 30_000;

/**
 * Runs `node <binary> start` until it listens, then stops it; resolves once `cacheFile` is written
 * (or a warning was printed).
 * @param {string} binary  the launcher, e.g. dist/switchboard.mjs
 * @param {string} cacheFile  where the launcher writes the cache, e.g. dist/switchboard.v8cache
 */
export async function writeCodeCache(binary, cacheFile) {
  rmSync(cacheFile, { force: true });
  const home = mkdtempSync(path.join(tmpdir(), 'switchboard-code-cache-'));
  try {
    await startAndStop(binary, home);
    if (!existsSync(cacheFile)) throw new Error(`${cacheFile} was not written`);
  } catch (error) {
    process.stderr.write(`warning: no V8 code cache (start-up will be slower): ${error.message}\n`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function startAndStop(binary, home) {
  return new Promise((resolve, reject) => {
    // Only PATH of the caller's environment: no provider key configures an upstream.
    const env = { PATH: process.env.PATH ?? '', SWITCHBOARD_HOME: home, SWITCHBOARD_WRITE_CODE_CACHE: '1' };
    const child = spawn(process.execPath, [binary, 'start', '--host', '127.0.0.1', '--port', '0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the gateway did not listen within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString('utf8');
      if (output.includes('listening on')) child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk) => {
      errors = (errors + chunk.toString('utf8')).slice(-2_000);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`the gateway exited with ${code ?? signal}: ${errors.trim()}`));
    });
  });
}
