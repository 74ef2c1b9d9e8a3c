import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { DEFAULT_CONFIG_YAML } from './default-config-yaml.js';
import { loadConfig, resolveHome } from './load-config.js';

const POSIX = process.platform !== 'win32';
let directory = '';

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'switchboard-config-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeConfig(name: string, text: string, mode = 0o600): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, text);
  await chmod(file, mode);
  return file;
}

describe('loadConfig', () => {
  it('creates home (0700) and the default file (0600) when there is none', async () => {
    const home = path.join(directory, 'nested', 'home');
    const loaded = await loadConfig({ home, env: {} });
    const file = path.join(home, 'config.yaml');
    expect(loaded.createdDefaultFile).toBe(true);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config).toMatchObject({ host: '127.0.0.1', port: 8317, upstreams: [], sourcePath: file });
    expect(await readFile(file, 'utf8')).toBe(DEFAULT_CONFIG_YAML);
    if (POSIX) {
      expect((await stat(home)).mode & 0o777).toBe(0o700);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    const again = await loadConfig({ home, env: {} });
    expect(again.createdDefaultFile).toBe(false);
  });

  it('reads <home>/config.yaml when it exists', async () => {
    await writeConfig('config.yaml', 'port: 9001\n');
    const loaded = await loadConfig({ home: directory, env: {} });
    expect(loaded.createdDefaultFile).toBe(false);
    expect(loaded.config.port).toBe(9001);
  });

  it('fails when an explicit configPath does not exist, and creates nothing', async () => {
    const missing = path.join(directory, 'missing.yaml');
    const error = await loadConfig({
      configPath: missing,
      home: path.join(directory, 'home'),
      env: {},
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      { file: missing, path: '', message: 'file not found (check the --config path)' },
    ]);
    await expect(stat(path.join(directory, 'home'))).rejects.toThrow();
  });

  it('resolves a relative configPath to an absolute sourcePath', async () => {
    const file = await writeConfig('relative.yaml', 'port: 9002\n');
    const relative = path.relative(process.cwd(), file);
    const loaded = await loadConfig({ configPath: relative, home: directory, env: {} });
    expect(loaded.config.sourcePath).toBe(file);
  });

  it('throws issues with the file and line', async () => {
    const file = await writeConfig('bad.yaml', 'host: x\nprot: 1\n');
    const error = await loadConfig({ configPath: file, home: directory, env: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(
      `${file}:2 prot: unknown key "prot"; did you mean "port"?`,
    );
  });

  it('applies overrides and env', async () => {
    const file = await writeConfig('c.yaml', 'host: 0.0.0.0\nport: 9000\n');
    const loaded = await loadConfig({
      configPath: file,
      home: directory,
      env: { DEEPSEEK_API_KEY: 'k', MODEL: 'deepseek/deepseek-chat' },
      overrides: { host: '127.0.0.1', port: 9100 },
    });
    expect(loaded.config).toMatchObject({
      host: '127.0.0.1',
      port: 9100,
      modelRouting: { default: 'deepseek/deepseek-chat' },
    });
    expect(loaded.config.upstreams.map((upstream) => upstream.id)).toEqual(['deepseek']);
  });

  it.runIf(POSIX).each([
    {
      name: 'world-readable with an upstream key',
      mode: 0o644,
      text: 'claude-api-key:\n  - api-key: sk-1\n',
      warns: true,
    },
    { name: 'group-readable with an inbound key', mode: 0o640, text: 'api-keys: [k]\n', warns: true },
    {
      name: 'world-readable with an empty api-key',
      mode: 0o644,
      text: 'claude-api-key:\n  - api-key: ""\n',
      warns: false,
    },
    { name: 'world-readable without keys', mode: 0o644, text: 'port: 9000\n', warns: false },
    {
      name: 'world-readable with an openai-compatibility key',
      mode: 0o644,
      text: 'openai-compatibility:\n  - name: a\n    base-url: "https://x.example/v1"\n    api-key-entries:\n      - api-key: sk-1\n',
      warns: true,
    },
    {
      name: 'world-readable with a legacy openai-compatibility api-keys list',
      mode: 0o644,
      text: 'openai-compatibility:\n  - name: a\n    base-url: "https://x.example/v1"\n    api-keys: [sk-1]\n',
      warns: true,
    },
    {
      name: 'world-readable with a gemini-api-key key',
      mode: 0o644,
      text: 'gemini-api-key:\n  - api-key: sk-1\n',
      warns: true,
    },
    {
      name: 'world-readable with a codex-api-key key',
      mode: 0o644,
      text: 'codex-api-key:\n  - api-key: sk-1\n',
      warns: true,
    },
    {
      name: 'world-readable with claude-api-key api-key-entries only',
      mode: 0o644,
      text: 'claude-api-key:\n  - api-key-entries:\n      - api-key: sk-1\n',
      warns: true,
    },
    {
      name: 'world-readable with an openai-compatibility api-key',
      mode: 0o644,
      text: 'openai-compatibility:\n  - name: a\n    base-url: "https://x.example/v1"\n    api-key: sk-1\n',
      warns: true,
    },
    { name: 'private with a key', mode: 0o600, text: 'claude-api-key:\n  - api-key: sk-1\n', warns: false },
  ])('permission warning: $name', async ({ mode, text, warns }) => {
    const file = await writeConfig('perm.yaml', text, mode);
    const { warnings } = await loadConfig({ configPath: file, home: directory, env: {} });
    if (warns) {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`mode 0${mode.toString(8)}`);
      expect(warnings[0]).toContain('chmod 600');
      expect(warnings[0]).not.toContain('sk-1');
    } else {
      expect(warnings).toEqual([]);
    }
  });
});

describe('resolveHome', () => {
  it.each([
    { env: {}, expected: path.join(homedir(), '.switchboard') },
    { env: { SWITCHBOARD_HOME: '' }, expected: path.join(homedir(), '.switchboard') },
    { env: { SWITCHBOARD_HOME: '/srv/switchboard' }, expected: path.resolve('/srv/switchboard') },
    { env: { SWITCHBOARD_HOME: '~/sb' }, expected: path.join(homedir(), 'sb') },
    { env: { SWITCHBOARD_HOME: 'relative/dir' }, expected: path.resolve('relative/dir') },
  ])('$env → $expected', ({ env, expected }) => {
    expect(resolveHome(env)).toBe(expected);
  });
});
