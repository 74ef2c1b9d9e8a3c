import { mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YAMLSeq } from 'yaml';
import { ConfigError } from './config-error.js';
import type { ConfigApplier } from './edit-config-file.js';
import { editConfigFile, replaceConfigFile, writeFileAtomic } from './edit-config-file.js';
import { parseConfigText } from './parse-config-text.js';

const YAML = `# Switchboard
host: 127.0.0.1   # loopback

# Inbound keys
api-keys:
  - "first-key"   # the laptop
  - second-key
port: 8317
`;

let home: string;
let file: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'switchboard-edit-'));
  file = path.join(home, 'config.yaml');
  await writeFile(file, YAML, { mode: 0o644 });
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** An applier validating with the schema only, counting reloads. */
function applier(): ConfigApplier & { reloads: number } {
  const result = {
    reloads: 0,
    check(text: string) {
      try {
        parseConfigText(text, file);
        return { ok: true as const, warnings: [] };
      } catch (error) {
        return { ok: false as const, error: error as ConfigError };
      }
    },
    reload() {
      result.reloads += 1;
      return Promise.resolve({ ok: true as const, warnings: ['reloaded'] });
    },
  };
  return result;
}

const keys = (document: { get(key: string, keepScalar: true): unknown }) =>
  document.get('api-keys', true) as YAMLSeq;

describe('editConfigFile', () => {
  it('edits through the document, keeps comments, writes 0600 atomically and reloads', async () => {
    const apply = applier();
    const result = await editConfigFile(file, (document) => keys(document).add('third-key'), apply);
    expect(result).toEqual({ ok: true, warnings: ['reloaded'] });
    expect(apply.reloads).toBe(1);
    const text = await readFile(file, 'utf8');
    expect(text).toBe(
      YAML.replace('  - second-key\n', '  - second-key\n  - third-key\n')
        .replace('   # loopback', ' # loopback')
        .replace('"first-key"   #', '"first-key" #'),
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readdir(home)).sort()).toEqual(['config.yaml']);
  });

  it('leaves the file untouched and does not reload when the result is invalid', async () => {
    const apply = applier();
    const result = await editConfigFile(file, (document) => document.set('port', 'eighty'), apply);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues[0]?.path).toBe('port');
    expect(await readFile(file, 'utf8')).toBe(YAML);
    expect(apply.reloads).toBe(0);
  });

  it('passes on an error thrown by the mutation, file untouched', async () => {
    const failure = new Error('no such item');
    await expect(
      editConfigFile(
        file,
        () => {
          throw failure;
        },
        applier(),
      ),
    ).rejects.toBe(failure);
    expect(await readFile(file, 'utf8')).toBe(YAML);
  });

  it('refuses a file that is not valid YAML now', async () => {
    await writeFile(file, 'port: [unclosed\n');
    await expect(editConfigFile(file, () => undefined, applier())).rejects.toBeInstanceOf(ConfigError);
  });

  it('serializes concurrent edits: both land', async () => {
    const apply = applier();
    await Promise.all([
      editConfigFile(file, (document) => keys(document).add('a-key'), apply),
      editConfigFile(file, (document) => keys(document).add('b-key'), apply),
    ]);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('- a-key');
    expect(text).toContain('- b-key');
  });
});

describe('replaceConfigFile', () => {
  it('writes a valid text verbatim and refuses an invalid one', async () => {
    const apply = applier();
    expect((await replaceConfigFile(file, 'port: 9000 # new\n', apply)).ok).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('port: 9000 # new\n');
    const refused = await replaceConfigFile(file, 'port: [oops\n', apply);
    expect(refused.ok).toBe(false);
    expect(await readFile(file, 'utf8')).toBe('port: 9000 # new\n');
    expect(apply.reloads).toBe(1);
  });
});

describe('writeFileAtomic', () => {
  it('writes through a symlink to its target and removes the temporary file on failure', async () => {
    const link = path.join(home, 'link.yaml');
    await symlink(file, link);
    await writeFileAtomic(link, 'port: 1\n');
    expect(await readFile(file, 'utf8')).toBe('port: 1\n');
    expect((await stat(link)).isFile()).toBe(true);
    await expect(writeFileAtomic(path.join(home, 'missing', 'x.yaml'), 'x')).rejects.toThrow();
    expect((await readdir(home)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
