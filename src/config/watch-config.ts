/**
 * Watches `config.yaml` for hot reload (issue 6) with chokidar: in-place writes and editors that
 * write a new file and rename it over the old one (vim, VS Code, the gateway's own atomic writes)
 * both end in one call of `onChange` once the file has settled.
 */
import path from 'node:path';
import { watch } from 'chokidar';

/** Quiet period after the last event before `onChange` runs, ms. */
export const CONFIG_WATCH_DEBOUNCE_MS = 100;
/** How long the file's size must stay the same before a write counts as finished, ms. */
const WRITE_STABILITY_MS = 100;
const WRITE_POLL_MS = 20;

/** A running watch. */
export interface ConfigWatch {
  /** Settles when the watch is armed, or failed to arm (`onError` is told); changes before that may be missed. */
  readonly ready: Promise<void>;
  /** Stops watching; a pending debounced call is dropped. */
  close(): Promise<void>;
}

/** Options of {@link watchConfigFile}. */
export interface WatchConfigOptions {
  /** Quiet period, ms (default {@link CONFIG_WATCH_DEBOUNCE_MS}). */
  readonly debounceMs?: number | undefined;
  /** Called with an error of the watcher or of `onChange` (default: ignored). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * Calls `onChange` after the file is written, created or replaced (not when it is deleted: a
 * rename-replace re-creates it at once). Calls never overlap: changes during a call give one
 * more call after it. Only the file is watched (chokidar, `atomic`), so writes to other files of
 * its folder cost nothing and a replaced file's new inode is still seen.
 * @param file the config file
 * @param onChange typically `() => reloader.reload()`
 */
export function watchConfigFile(
  file: string,
  onChange: () => unknown,
  options: WatchConfigOptions = {},
): ConfigWatch {
  const target = path.resolve(file);
  const debounceMs = options.debounceMs ?? CONFIG_WATCH_DEBOUNCE_MS;
  const report = options.onError ?? (() => undefined);
  // The file itself, not its folder: a folder that also holds busy files (logs, databases) would
  // wake the watcher on every write. chokidar's `atomic` handling follows editors that write a new
  // file and rename it over the old one.
  const watcher = watch(target, {
    ignoreInitial: true,
    atomic: true,
    awaitWriteFinish: { stabilityThreshold: WRITE_STABILITY_MS, pollInterval: WRITE_POLL_MS },
  });
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending = false;
  let closed = false;

  const run = async (): Promise<void> => {
    if (closed) return;
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      await onChange();
    } catch (error) {
      report(error);
    } finally {
      running = false;
    }
    if (pending && !closed) {
      pending = false;
      await run();
    }
  };
  const schedule = (changed: string): void => {
    if (path.resolve(changed) !== target) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), debounceMs);
  };
  watcher.on('add', schedule);
  watcher.on('change', schedule);
  watcher.on('error', report);
  // An error while arming (e.g. no inotify watches left) must not hold up the gateway's start.
  const ready = new Promise<void>((resolve) => {
    watcher.once('ready', () => resolve());
    watcher.once('error', () => resolve());
  });

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
