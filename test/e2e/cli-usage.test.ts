import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { SqliteUsageWriter } from '../../src/observability/usage-writer.js';
import { openUsageDatabase } from '../../src/store/sqlite/usage-database.js';
import { CLI_PATH, spawnSwitchboard } from '../support/spawn-switchboard.js';
import { TempUsageHomes, makeUsageRecord } from '../support/usage-records.js';

const homes = new TempUsageHomes();
afterAll(() => homes.cleanup());

const HOUR = 3_600_000;

/** A home whose usage.db holds three recent requests and one from three days ago. */
function filledHome(now: number): string {
  const home = homes.home();
  const writer = new SqliteUsageWriter(openUsageDatabase(home), {
    logger: createLogger({ level: 'silent' }),
    flushIntervalMs: 0,
  });
  writer.record(makeUsageRecord({ requestId: 'req_1', startedAt: now - HOUR, inboundKeyId: 'key_a' }));
  writer.record(
    makeUsageRecord({
      requestId: 'req_2',
      startedAt: now - 2 * HOUR,
      requestedModel: 'gpt-4o',
      upstream: 'openai',
      latencyMs: 2500,
      usage: { inputTokens: 1_234_567, reasoningTokens: 42 },
    }),
  );
  writer.record(
    makeUsageRecord({
      requestId: 'req_3',
      startedAt: now - 3 * HOUR,
      requestedModel: 'gpt-4o',
      upstream: undefined,
      status: 429,
      outcome: 'rejected',
      latencyMs: 10,
    }),
  );
  writer.record(makeUsageRecord({ requestId: 'req_old', startedAt: now - 72 * HOUR }));
  writer.close();
  return home;
}

async function usage(args: string[], home: string) {
  const run = spawnSwitchboard(['usage', ...args], { SWITCHBOARD_HOME: home });
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** The cells of the table line whose first cell is `label`. */
function rowCells(stdout: string, label: string): string[] | undefined {
  for (const line of stdout.split('\n')) {
    const cells = line
      .split('│')
      .map((cell) => cell.trim())
      .filter((cell, index, all) => index > 0 && index < all.length - 1);
    if (cells[0] === label) return cells;
  }
  return undefined;
}

describe('switchboard usage', () => {
  it('prints a table of the last 24 h by model, with a totals row', async () => {
    const home = filledHome(Date.now());
    const { code, stdout, stderr } = await usage([], home);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage from \d{4}-\d\d-\d\dT.*Z to now \(.*usage\.db\)/);
    expect(stdout).toMatch(
      /model.*requests.*errors.*input.*output.*cache read.*cache write.*reasoning.*avg latency ms/,
    );
    expect(rowCells(stdout, 'gpt-4o')).toEqual([
      'gpt-4o',
      '2',
      '1',
      '1,234,667',
      '100',
      '20',
      '10',
      '42',
      '1,255',
    ]);
    expect(rowCells(stdout, 'claude-sonnet-4')).toEqual([
      'claude-sonnet-4',
      '1',
      '0',
      '100',
      '50',
      '10',
      '5',
      '0',
      '900',
    ]);
    expect(rowCells(stdout, 'total')).toEqual([
      'total',
      '3',
      '1',
      '1,234,767',
      '150',
      '30',
      '15',
      '42',
      '1,137',
    ]);
  });

  it('--period all --by upstream,key --json prints the aggregates as JSON', async () => {
    const home = filledHome(Date.now());
    const { code, stdout } = await usage(['--period', 'all', '--by', 'upstream,key', '--json'], home);
    expect(code).toBe(0);
    const body = JSON.parse(stdout) as {
      range: { since: unknown };
      totals: { requests: number };
      aggregates: { upstream: string | null; inboundKey: string | null; requests: number }[];
    };
    expect(body.range.since).toBeNull();
    expect(body.totals.requests).toBe(4);
    expect(body.aggregates.map((row) => [row.upstream, row.inboundKey, row.requests])).toEqual([
      [null, null, 1],
      ['deepseek', null, 1],
      ['deepseek', 'key_a', 1],
      ['openai', null, 1],
    ]);
  });

  it('--since/--until select a range; --bucket adds a UTC time column', async () => {
    const now = Date.UTC(2025, 0, 31, 12);
    const home = filledHome(now);
    const since = new Date(now - 80 * HOUR).toISOString();
    const until = String(now - 2 * HOUR);
    const { code, stdout } = await usage(['--since', since, '--until', until, '--bucket', 'hour'], home);
    expect(code).toBe(0);
    expect(stdout).toMatch(/time \(UTC\)/);
    expect(rowCells(stdout, '2025-01-28T12:00:00.000Z')?.slice(1, 3)).toEqual(['claude-sonnet-4', '1']);
    expect(rowCells(stdout, '2025-01-31T09:00:00.000Z')?.slice(1, 3)).toEqual(['gpt-4o', '1']);
    expect(rowCells(stdout, 'total')?.[1]).toBe('2');
  });

  it('exits 1 with a clear message when there is no usage database or a flag is wrong', async () => {
    const missing = await usage([], homes.home());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^switchboard: no usage database at .*usage\.db: start the gateway/);
    const badPeriod = await usage(['--period', 'year'], homes.home());
    expect(badPeriod.code).toBe(1);
    expect(badPeriod.stderr).toMatch(/--period.*year/);
    const badSince = await usage(['--since', 'yesterday'], homes.home());
    expect(badSince.code).toBe(1);
    expect(badSince.stderr).toMatch(/ISO 8601/);
  });

  it('after a crash (SIGKILL), reads every record flushed before it', async () => {
    const home = homes.home();
    const dist = path.dirname(CLI_PATH);
    const script = `
      const { openUsageDatabase } = await import(${JSON.stringify(path.join(dist, 'store/sqlite/usage-database.js'))});
      const { SqliteUsageWriter } = await import(${JSON.stringify(path.join(dist, 'observability/usage-writer.js'))});
      const writer = new SqliteUsageWriter(openUsageDatabase(process.argv[1]), { logger: console, flushIntervalMs: 50 });
      const base = { inbound: 'anthropic', requestedModel: 'crash-model', attempts: 1, stream: false, status: 200,
        outcome: 'complete', latencyMs: 5, usage: { inputTokens: 7, outputTokens: 3, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 } };
      for (let i = 0; i < 5; i++) writer.record({ ...base, requestId: 'req_' + i, startedAt: Date.now() });
      setTimeout(() => process.stdout.write('flushed\\n'), 300);
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, home], { stdio: 'pipe' });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString('utf8').includes('flushed')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`writer exited early (${String(code)})`)));
    });
    const killed = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await killed;
    const { code, stdout } = await usage(['--json'], home);
    expect(code).toBe(0);
    const body = JSON.parse(stdout) as { totals: { requests: number; tokens: { input: number } } };
    expect(body.totals).toMatchObject({ requests: 5, tokens: { input: 35 } });
  });
});
