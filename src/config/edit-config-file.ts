/**
 * Writes to `config.yaml` made by the gateway itself (issue 6: management API edits, the stored
 * management secret hash): comments and formatting kept (yaml's document model), the new text
 * validated with the load path before anything is written, written atomically (temporary file
 * mode 0600, then rename), then applied through the reloader the file watcher uses.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Document } from 'yaml';
import { parseDocument } from 'yaml';
import { ConfigError } from './config-error.js';

/** Permission bits of every file the gateway writes that may hold a credential. */
export const PRIVATE_FILE_MODE = 0o600;

/** yaml `toString` options that keep the operator's layout: no re-folding of long lines. */
export const PRESERVING_TO_STRING = {
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
} as const;

/** The outcome of a validated write: applied (warnings for the operator) or refused (file untouched). */
export type ConfigWriteResult =
  | { readonly ok: true; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: ConfigError };

/** What a config write needs of the reloader (`reload-config.ts`): validate a text, apply the file. */
export interface ConfigApplier {
  /** Parses and compiles `text` as the file's next content (env and overrides applied); no I/O. */
  check(text: string): { ok: true; warnings: readonly string[] } | { ok: false; error: ConfigError };
  /** Reads the file and serves it (as the watcher does). */
  reload(): Promise<ConfigWriteResult>;
}

const locks = new Map<string, Promise<unknown>>();

/**
 * Runs `task` after every earlier task on the same file has settled (edits never interleave: two
 * concurrent PATCHes both land).
 */
export function withConfigFileLock<T>(file: string, task: () => Promise<T>): Promise<T> {
  const key = path.resolve(file);
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  locks.set(key, settled);
  void settled.then(() => {
    if (locks.get(key) === settled) locks.delete(key);
  });
  return run;
}

/**
 * Writes `text` to `file` atomically: a temporary file in the same folder (mode 0600, flushed),
 * renamed over the target. Readers see the old or the new content, never a part.
 * @param options.followSymlinks write a symlinked file at its real path (default true: a symlinked
 *   config stays a symlink); false replaces the link itself (files named by clients)
 * @throws the file system error (the temporary file is removed)
 */
export async function writeFileAtomic(
  file: string,
  text: string | Buffer,
  options: { readonly followSymlinks?: boolean } = {},
): Promise<void> {
  let target = path.resolve(file);
  if (options.followSymlinks !== false) {
    try {
      target = await realpath(target);
    } catch {
      // A file that does not exist yet is written where it was named.
    }
  }
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(temporary, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await chmod(temporary, PRIVATE_FILE_MODE);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Edits the config file through its YAML document: reads it, lets `mutate` change the document
 * (comments and layout elsewhere stay), validates the result (`applier.check`), and only when it
 * is valid writes it ({@link writeFileAtomic}) and applies it (`applier.reload`). The
 * read-modify-write of one file is serialized ({@link withConfigFileLock}); the reload runs after
 * the lock is released (it may write the file itself: the management secret's hash).
 * @param mutate changes the document in place; may throw (e.g. a GatewayError for a missing item),
 *   which is passed on with the file untouched
 * @returns the reload's result, or `{ ok: false, error }` with the validation issues (file untouched)
 * @throws ConfigError when the file cannot be read or is not valid YAML now
 */
export async function editConfigFile(
  file: string,
  mutate: (document: Document) => void,
  applier: ConfigApplier,
): Promise<ConfigWriteResult> {
  const written = await withConfigFileLock(file, async () => {
    const document = parseDocument(await readConfigText(file));
    if (document.errors.length > 0) {
      throw new ConfigError(
        document.errors.map((error) => ({ file, path: '', message: `invalid YAML: ${error.message}` })),
      );
    }
    mutate(document);
    return writeValidated(file, document.toString(PRESERVING_TO_STRING), applier);
  });
  return written.ok ? applier.reload() : written;
}

/**
 * Replaces the whole config file with `text` (`PUT /config.yaml`): validated first (invalid: the
 * issues are returned, the file and the running config untouched), then written atomically and
 * applied. Serialized with {@link editConfigFile}.
 */
export async function replaceConfigFile(
  file: string,
  text: string,
  applier: ConfigApplier,
): Promise<ConfigWriteResult> {
  const written = await withConfigFileLock(file, () => writeValidated(file, text, applier));
  return written.ok ? applier.reload() : written;
}

/** Validates and, when valid, writes (under the file lock; the reload runs after it, unlocked). */
async function writeValidated(
  file: string,
  text: string,
  applier: ConfigApplier,
): Promise<ConfigWriteResult> {
  const checked = applier.check(text);
  if (!checked.ok) return checked;
  await writeFileAtomic(file, text);
  return checked;
}

/** @throws ConfigError naming the file when it cannot be read */
async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([{ file, path: '', message: `cannot read the file (${code})` }]);
  }
}
