import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { closeLogger, createLogger, LOG_FILE_NAME, logFileSizes, type Logger } from './logger.js';
import { RecentLogLines } from './recent-log-lines.js';
import { SecretRegistry } from './secret-registry.js';

function memoryDestination(): { destination: Writable; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { destination, text: () => chunks.join('') };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const directories: string[] = [];
const loggers: Logger[] = [];
afterEach(async () => {
  for (const logger of loggers.splice(0)) await closeLogger(logger);
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'switchboard-logs-'));
  directories.push(directory);
  return directory;
}

describe('createLogger', () => {
  it('writes JSON lines with configured secrets scrubbed anywhere in the line', () => {
    const { destination, text } = memoryDestination();
    const recent = new RecentLogLines(10);
    const logger = createLogger({
      destination,
      secrets: new SecretRegistry(['sk-live-secret-123']),
      recent,
    });
    logger.info(
      { error: 'upstream said: bad key sk-live-secret-123', nested: { deep: ['sk-live-secret-123'] } },
      'failed sk-live-secret-123',
    );
    logger.info({ headers: { authorization: 'Bearer short', 'x-api-key': 'abc' } }, 'headers');
    const lines = text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(text()).not.toContain('sk-live-secret-123');
    expect(lines[0]).toMatchObject({
      level: 30,
      service: 'switchboard',
      msg: 'failed [redacted]',
      error: 'upstream said: bad key [redacted]',
      nested: { deep: ['[redacted]'] },
    });
    expect(lines[1]).toMatchObject({ headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } });
    expect(recent.lines()).toEqual(text().trim().split('\n'));
  });

  it('logs at info by default and at debug when `debug` is set', () => {
    const quiet = memoryDestination();
    createLogger({ destination: quiet.destination }).debug('hidden');
    expect(quiet.text()).toBe('');
    const loud = memoryDestination();
    createLogger({ destination: loud.destination, debug: true }).debug('shown');
    expect(loud.text()).toContain('"msg":"shown"');
  });

  it('writes human-readable lines when pretty, still scrubbed, while the ring keeps JSON', () => {
    const { destination, text } = memoryDestination();
    const recent = new RecentLogLines(10);
    const logger = createLogger({
      destination,
      pretty: true,
      colorize: false,
      secrets: new SecretRegistry(['sk-pretty-secret']),
      recent,
    });
    logger.warn({ upstream: 'deepseek' }, 'retrying with sk-pretty-secret');
    expect(text()).toMatch(/WARN.*retrying with \[redacted\]/);
    expect(text()).toContain('upstream: "deepseek"');
    expect(text()).not.toContain('{"level"');
    expect(JSON.parse(recent.lines()[0] ?? '{}')).toMatchObject({ level: 40, upstream: 'deepseek' });
  });

  it('writes a 0600 log file in a 0700 directory, scrubbed', async () => {
    const dir = path.join(await tempDir(), 'logs');
    const { destination } = memoryDestination();
    const logger = createLogger({
      destination,
      file: { dir, maxTotalSizeBytes: 0 },
      secrets: new SecretRegistry(['sk-file-secret-1']),
    });
    loggers.push(logger);
    logger.info('to the file sk-file-secret-1');
    const file = path.join(dir, LOG_FILE_NAME);
    await waitFor(async () => (await readFile(file, 'utf8').catch(() => '')).includes('to the file'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const content = await readFile(file, 'utf8');
    expect(content).toContain('to the file [redacted]');
    expect(content).not.toContain('sk-file-secret-1');
  });

  it('rotates by size and keeps the files under the total cap', async () => {
    const dir = await tempDir();
    const { destination } = memoryDestination();
    const logger = createLogger({ destination, file: { dir, maxTotalSizeBytes: 2000, fileSizeBytes: 400 } });
    loggers.push(logger);
    for (let index = 0; index < 60; index += 1) {
      logger.info({ index }, 'a line that takes some room in the file');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const logFiles = async (): Promise<string[]> =>
      (await readdir(dir)).filter((name) => name.endsWith(LOG_FILE_NAME));
    await waitFor(async () => (await logFiles()).length > 1);
    await closeLogger(logger);
    const files = await logFiles();
    expect(files).toContain(LOG_FILE_NAME);
    let total = 0;
    for (const name of files) {
      const info = await stat(path.join(dir, name));
      expect(info.mode & 0o777).toBe(0o600);
      total += info.size;
    }
    // The active file may pass its size by the line that triggers the rotation.
    expect(total).toBeLessThanOrEqual(2000 + 200);
  });
});

describe('logFileSizes', () => {
  it('keeps the default file size without a cap, and fits file + rotated files in a cap', () => {
    expect(logFileSizes({ dir: 'x', maxTotalSizeBytes: 0 })).toEqual({
      fileBytes: 10 * 1024 * 1024,
      rotatedBytes: 0,
    });
    expect(logFileSizes({ dir: 'x', maxTotalSizeBytes: 100 * 1024 * 1024 })).toEqual({
      fileBytes: 10 * 1024 * 1024,
      rotatedBytes: 90 * 1024 * 1024,
    });
    expect(logFileSizes({ dir: 'x', maxTotalSizeBytes: 1000 })).toEqual({
      fileBytes: 500,
      rotatedBytes: 500,
    });
  });
});
