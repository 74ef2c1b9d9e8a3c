import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import vm from 'node:vm';

/**
 * The bundled CLI (`dist/switchboard.cjs`) compiled with a V8 code cache (`dist/switchboard.v8cache`)
 * that the build wrote beside it, so a start skips most of the parsing and compiling of the 3.4 MB
 * bundle (issue 7, scenario 8: start-up). Node 20 has no `module.enableCompileCache` (Node ≥ 22.1),
 * so this uses `vm.Script`'s `cachedData` (Node API reference, "vm: new vm.Script(code[, options])"
 * and "script.createCachedData()").
 *
 * V8 checks a cache against its own version and flags, but against the source only by length, so
 * the file starts with a {@link BUNDLE_ID_BYTES}-byte id of the bundle it was made for: a cache of
 * another build is never handed to V8.
 */

/** Length of the bundle id at the start of a code cache file, bytes (ASCII hex). */
export const BUNDLE_ID_BYTES = 16;

/** How a compile went: `used` (V8 took the cache), `rejected` (V8 refused it: other Node version or
 *  flags), `stale` (made for another bundle), `absent` (no cache file). */
export type CodeCacheOutcome = 'used' | 'rejected' | 'stale' | 'absent';

/** A compiled bundle: call `run` once with the CommonJS wrapper's arguments. */
export interface CompiledBundle {
  readonly script: vm.Script;
  readonly outcome: CodeCacheOutcome;
  /** The CommonJS module wrapper: `(exports, require, module, __filename, __dirname) => void`. */
  readonly run: (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
}

/** The id of a bundle's source text: the first 16 hex digits of its SHA-256. */
export function bundleIdOf(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, BUNDLE_ID_BYTES);
}

/**
 * Compiles `source` (a CommonJS bundle, read from `filename`) inside the CommonJS module wrapper,
 * with the code cache of `cacheFile` when that file was made for `bundleId`. A missing, stale or
 * refused cache only costs time: the source is compiled as if there were none.
 * @throws SyntaxError when `source` is not valid JavaScript.
 */
export function compileBundle(
  source: string,
  filename: string,
  cacheFile: string,
  bundleId: string | undefined,
): CompiledBundle {
  const cache = readCodeCache(cacheFile, bundleId);
  // A leading `#!` line stays a line (same length), so positions in stack traces hold.
  const text = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${text}\n})`, {
    filename,
    ...(cache.data === undefined ? {} : { cachedData: cache.data }),
  });
  const outcome = cache.data === undefined ? cache.outcome : script.cachedDataRejected ? 'rejected' : 'used';
  return { script, outcome, run: script.runInThisContext() as CompiledBundle['run'] };
}

/**
 * Writes the code cache of `script` as it stands (the functions compiled so far included) to
 * `cacheFile`, behind `bundleId` (from {@link bundleIdOf}); mode 0644 (compiled code of the public
 * bundle, no secrets).
 * @throws Error from `fs.writeFileSync` (e.g. EACCES) when the file cannot be written.
 */
export function writeCodeCache(script: vm.Script, cacheFile: string, bundleId: string): void {
  writeFileSync(cacheFile, Buffer.concat([Buffer.from(bundleId, 'ascii'), script.createCachedData()]), {
    mode: 0o644,
  });
}

function readCodeCache(
  cacheFile: string,
  bundleId: string | undefined,
): { data?: Buffer; outcome: CodeCacheOutcome } {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return { outcome: 'absent' };
  }
  if (bundleId === undefined || file.length <= BUNDLE_ID_BYTES) return { outcome: 'stale' };
  if (file.toString('ascii', 0, BUNDLE_ID_BYTES) !== bundleId) return { outcome: 'stale' };
  return { data: file.subarray(BUNDLE_ID_BYTES), outcome: 'used' };
}
