import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { UsageRecord } from '../../src/observability/usage-record.js';
import { openUsageDatabase, type UsageDatabase } from '../../src/store/sqlite/usage-database.js';

/** A complete usage record with test defaults; `overrides` replace fields (usage merged). */
export function makeUsageRecord(
  overrides: Partial<Omit<UsageRecord, 'usage'>> & { usage?: Partial<UsageRecord['usage']> } = {},
): UsageRecord {
  const { usage, ...fields } = overrides;
  return {
    requestId: `req_${Math.random().toString(16).slice(2)}`,
    startedAt: Date.UTC(2025, 0, 31, 23, 30),
    inbound: 'anthropic',
    requestedModel: 'claude-sonnet-4',
    upstream: 'deepseek',
    upstreamModel: 'deepseek-chat',
    credentialId: 'cred_0123abcd',
    attempts: 1,
    stream: true,
    status: 200,
    outcome: 'complete',
    firstByteMs: 120,
    latencyMs: 900,
    ...fields,
    usage: {
      inputTokens: 100,
      outputTokens: 50,
      cacheReadInputTokens: 10,
      cacheCreationInputTokens: 5,
      ...usage,
    },
  };
}

/** A fresh SWITCHBOARD_HOME in the temp dir, and the databases opened in it, for one test file. */
export class TempUsageHomes {
  readonly #homes: string[] = [];
  readonly #databases: UsageDatabase[] = [];

  /** Creates a new empty home directory. */
  home(): string {
    const home = mkdtempSync(path.join(tmpdir(), 'switchboard-usage-'));
    this.#homes.push(home);
    return home;
  }

  /** Opens a read-write usage database in a new home (closed by {@link cleanup}). */
  open(home: string = this.home()): UsageDatabase {
    const database = openUsageDatabase(home);
    this.#databases.push(database);
    return database;
  }

  /** Remembers a database to close in {@link cleanup}. */
  track(database: UsageDatabase): UsageDatabase {
    this.#databases.push(database);
    return database;
  }

  /** Closes every database and removes every home. */
  cleanup(): void {
    for (const database of this.#databases.splice(0)) database.close();
    for (const home of this.#homes.splice(0)) rmSync(home, { recursive: true, force: true });
  }
}
