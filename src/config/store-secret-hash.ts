/**
 * Replaces a plain `remote-management.secret-key` in `config.yaml` with its hash on first start
 * (issue 6; CLIProxyAPI does the same with bcrypt), so the secret no longer sits in the file.
 */
import { readFile } from 'node:fs/promises';
import { isScalar, parseDocument, Scalar } from 'yaml';
import { PRESERVING_TO_STRING, withConfigFileLock, writeFileAtomic } from './edit-config-file.js';
import { hashManagementSecret, isBcryptHash, isHashedSecret } from './management-secret.js';
import type { SwitchboardConfig } from './switchboard-config.js';

const SECRET_PATH = ['remote-management', 'secret-key'] as const;

/**
 * When the loaded config holds a plain management secret, rewrites the file with the secret's
 * scrypt hash in its place (`hashManagementSecret`): only that scalar's source changes, in its own
 * quoting (located with yaml `parseDocument`; every other byte, comments included, stays; a block
 * scalar falls back to `setIn` + `toString`), written atomically with mode 0600. Does
 * nothing when there is no secret, it is already hashed (or a CLIProxyAPI bcrypt hash), or the
 * file no longer holds that exact plain value as a scalar (edited meanwhile, an alias, …). The
 * running config may keep the plain value: `verifyManagementSecret` accepts both; the file
 * watcher then reloads the hashed one.
 * @param configPath the file the config was loaded from
 * @param config the config loaded from it
 * @returns whether the file was rewritten
 * @throws the file system error when the file cannot be read or written
 */
export async function storeManagementSecretHash(
  configPath: string,
  config: SwitchboardConfig,
): Promise<boolean> {
  const plain = config.remoteManagement.secretKey;
  if (plain === undefined || plain === '' || isHashedSecret(plain) || isBcryptHash(plain)) return false;
  return withConfigFileLock(configPath, async () => {
    const text = await readFile(configPath, 'utf8');
    const document = parseDocument(text);
    if (document.errors.length > 0) return false;
    const node = document.getIn(SECRET_PATH, true);
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() !== plain) return false;
    const hash = await hashManagementSecret(plain);
    let next = spliceScalar(text, node, hash);
    if (next === undefined || parseDocument(next).getIn(SECRET_PATH) !== hash) {
      node.value = hash;
      node.type = Scalar.PLAIN;
      next = document.toString(PRESERVING_TO_STRING);
    }
    await writeFileAtomic(configPath, next);
    return true;
  });
}

/**
 * The text with one scalar's source replaced by `value`, in the scalar's own quoting (plain,
 * 'single', "double"), every other byte untouched; undefined for block scalars.
 */
function spliceScalar(text: string, node: Scalar, value: string): string | undefined {
  const range = node.range;
  if (range === undefined || range === null) return undefined;
  let rendered: string;
  if (node.type === Scalar.QUOTE_DOUBLE) rendered = JSON.stringify(value);
  else if (node.type === Scalar.QUOTE_SINGLE) rendered = `'${value.replaceAll("'", "''")}'`;
  else if (node.type === Scalar.PLAIN) rendered = value;
  else return undefined;
  return `${text.slice(0, range[0])}${rendered}${text.slice(range[1])}`;
}
