import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger.js';
import { ConfigHolder } from './config-holder.js';
import { loadConfig } from './load-config.js';
import { createConfigReloader } from './reload-config.js';
import { watchConfigFile, type ConfigWatch } from './watch-config.js';

const yaml = (name: string) =>
  `claude-api-key:\n  - name: ${name}\n    api-key: sk-${name}\n    base-url: http://127.0.0.1:9/${name}\ndiscover-local: false\n`;

let home: string;
let file: string;
let watch: ConfigWatch | undefined;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'switchboard-watch-'));
  file = path.join(home, 'config.yaml');
  await writeFile(file, yaml('one'), { mode: 0o600 });
});
afterEach(async () => {
  await watch?.close();
  watch = undefined;
  await rm(home, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds (polling), failing after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the watcher');
    await sleep(20);
  }
}

async function watched() {
  const holder = new ConfigHolder((await loadConfig({ configPath: file, home, env: {} })).config);
  const reloader = createConfigReloader({
    configPath: file,
    env: {},
    holder,
    logger: createLogger({ level: 'silent' }),
    discovered: () => [],
  });
  let calls = 0;
  watch = watchConfigFile(file, async () => {
    calls += 1;
    await reloader.reload();
  });
  await watch.ready;
  return { holder, calls: () => calls };
}

const idOf = (holder: ConfigHolder) => holder.current.upstreams[0]?.id;

describe('watchConfigFile', () => {
  it('reloads once after a write', async () => {
    const { holder, calls } = await watched();
    await writeFile(file, yaml('two'));
    await until(() => idOf(holder) === 'two');
    await sleep(400);
    expect(calls()).toBe(1);
  });

  it('keeps the old config after an invalid write, then takes the next valid one', async () => {
    const { holder, calls } = await watched();
    const before = holder.current;
    await writeFile(file, 'port: [broken\n');
    await until(() => calls() === 1);
    await sleep(200);
    expect(holder.current).toBe(before);
    await writeFile(file, yaml('three'));
    await until(() => idOf(holder) === 'three');
  });

  it('follows an editor that writes a new file and renames it over the old one', async () => {
    const { holder } = await watched();
    const temporary = path.join(home, '.config.yaml.swp');
    await writeFile(temporary, yaml('renamed'));
    await rename(temporary, file);
    await until(() => idOf(holder) === 'renamed');
    await writeFile(file, yaml('again'));
    await until(() => idOf(holder) === 'again');
  });

  it('ignores other files of the folder and stops after close', async () => {
    const { holder, calls } = await watched();
    await writeFile(path.join(home, 'other.yaml'), yaml('other'));
    await sleep(400);
    expect(calls()).toBe(0);
    await watch?.close();
    await writeFile(file, yaml('closed'));
    await sleep(400);
    expect(idOf(holder)).toBe('one');
  });
});
