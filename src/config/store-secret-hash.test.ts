import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { isHashedSecret, verifyManagementSecret } from './management-secret.js';
import { storeManagementSecretHash } from './store-secret-hash.js';

const YAML = `# Switchboard config
host: 127.0.0.1 # loopback only
port: 8317

# Management API
remote-management:
  allow-remote: false   # keep it local
  # the key below is hashed on first start
  secret-key: "my-plain-secret"
api-keys: ["k1", 'k2'] # inline
discover-local: false
`;

let home: string;
let file: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'switchboard-secret-'));
  file = path.join(home, 'config.yaml');
  await writeFile(file, YAML);
  await chmod(file, 0o644);
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function load() {
  return (await loadConfig({ configPath: file, home, env: {} })).config;
}

describe('storeManagementSecretHash', () => {
  it('replaces the plain secret with its hash, keeping comments and layout, mode 0600', async () => {
    expect(await storeManagementSecretHash(file, await load())).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('my-plain-secret');
    const expected = YAML.replace(/"my-plain-secret"/, '"HASH"');
    const hash = /secret-key: "([^"]+)"/.exec(text)?.[1] ?? '';
    expect(isHashedSecret(hash)).toBe(true);
    expect(text.replace(hash, 'HASH')).toBe(expected);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(
      await verifyManagementSecret('my-plain-secret', (await load()).remoteManagement.secretKey ?? ''),
    ).toBe(true);
    expect((await readdir(home)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('is a no-op on the second start', async () => {
    await storeManagementSecretHash(file, await load());
    const once = await readFile(file, 'utf8');
    expect(await storeManagementSecretHash(file, await load())).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(once);
  });

  it('does nothing without a secret, or when the file no longer holds that value', async () => {
    const config = await load();
    await writeFile(file, YAML.replace('my-plain-secret', 'changed-meanwhile'));
    expect(await storeManagementSecretHash(file, config)).toBe(false);
    expect(await readFile(file, 'utf8')).toContain('changed-meanwhile');
    await writeFile(file, 'port: 8317\n');
    expect(await storeManagementSecretHash(file, await load())).toBe(false);
    expect(await readFile(file, 'utf8')).toBe('port: 8317\n');
  });
});

describe('storeManagementSecretHash quoting', () => {
  it.each([
    ['plain', 'secret-key: my-plain-secret # note', /secret-key: (\S+) # note/],
    ['single-quoted', "secret-key: 'my-plain-secret'", /secret-key: '([^']+)'/],
    ['a block scalar', 'secret-key: |\n    my-plain-secret', /secret-key: (\S+)/],
  ])('keeps a %s secret in place', async (_name, line, pattern) => {
    await writeFile(file, `# top\nremote-management:\n  ${line}\n# end\n`);
    expect(await storeManagementSecretHash(file, await load())).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('# top\nremote-management:\n')).toBe(true);
    expect(text).toContain('# end');
    expect(isHashedSecret(pattern.exec(text)?.[1] ?? '')).toBe(true);
  });
});
