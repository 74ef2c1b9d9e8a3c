import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_ID_BYTES, bundleIdOf, compileBundle, writeCodeCache } from './code-cache.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** A small bundle; `tag` makes its text new to V8, whose in-process compilation cache would
 *  otherwise answer before any code cache is looked at. */
function sourceOf(tag: string): string {
  return `#!/usr/bin/env node
function twice(value) { return value * 2; }
module.exports = { answer: twice(21), dirname: __dirname, fail() { throw new Error('from the bundle'); } };
// ${tag}
`;
}

/** Compiles `source` and returns its exports with the outcome. */
function load(source: string, cacheFile: string, bundleId: string | undefined) {
  const filename = path.join(path.dirname(cacheFile), 'bundle.cjs');
  const bundle = compileBundle(source, filename, cacheFile, bundleId);
  const module = { exports: {} as { answer?: number; dirname?: string; fail?: () => void } };
  bundle.run(module.exports, createRequire(filename), module, filename, 'the-dir');
  return { bundle, exports: module.exports };
}

describe('compileBundle with a V8 code cache', () => {
  it('runs the source as a CommonJS module, and writes the cache behind the bundle id', () => {
    const cacheFile = path.join(mkdtempSync(path.join(tmpdir(), 'code-cache-')), 'bundle.v8cache');
    const source = sourceOf('taken');
    const id = bundleIdOf(source);
    const first = load(source, cacheFile, id);
    expect(first.bundle.outcome).toBe('absent');
    expect(first.exports).toMatchObject({ answer: 42, dirname: 'the-dir' });

    writeCodeCache(first.bundle.script, cacheFile, id);
    expect(readFileSync(cacheFile).toString('ascii', 0, BUNDLE_ID_BYTES)).toBe(id);
    // Whether V8 takes it is checked in a fresh process below: within one process V8's own
    // compilation cache answers for a source it has seen.
    expect(load(source, cacheFile, id).exports.answer).toBe(42);
  });

  it('never hands V8 a cache made for another bundle, and survives a refused one', () => {
    const cacheFile = path.join(mkdtempSync(path.join(tmpdir(), 'code-cache-')), 'bundle.v8cache');
    const source = sourceOf('stale');
    const id = bundleIdOf(source);
    writeCodeCache(load(source, cacheFile, id).bundle.script, cacheFile, id);
    expect(load(source, cacheFile, bundleIdOf('another bundle')).bundle.outcome).toBe('stale');
    expect(load(source, cacheFile, undefined).bundle.outcome).toBe('stale');

    const unseen = sourceOf('refused');
    const unseenId = bundleIdOf(unseen);
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(unseenId, 'ascii'), Buffer.alloc(4_096, 7)]));
    const refused = load(unseen, cacheFile, unseenId);
    expect(refused.bundle.outcome).toBe('rejected');
    expect(refused.exports.answer).toBe(42);
  });

  it('keeps the line numbers of the source (the #! line stays a line)', () => {
    const cacheFile = path.join(mkdtempSync(path.join(tmpdir(), 'code-cache-')), 'bundle.v8cache');
    const source = sourceOf('lines');
    const { exports } = load(source, cacheFile, bundleIdOf(source));
    expect(() => exports.fail?.()).toThrow('from the bundle');
    try {
      exports.fail?.();
    } catch (error) {
      expect((error as Error).stack).toMatch(/bundle\.cjs:3:/);
    }
  });
});

describe('the built binary', () => {
  it('ships a code cache that V8 accepts for the bundle beside it', () => {
    // A fresh node (no test runner flags: V8 refuses a cache made under other flags), as a user runs it.
    const script = `
      import { readFileSync } from 'node:fs';
      import { bundleIdOf, compileBundle } from './dist/cli/code-cache.js';
      const source = readFileSync('dist/switchboard.cjs', 'utf8');
      const bundle = compileBundle(source, 'dist/switchboard.cjs', 'dist/switchboard.v8cache', bundleIdOf(source));
      process.stdout.write(bundle.outcome);`;
    const outcome = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(outcome).toBe('used');
    expect(readFileSync(path.join(REPO_ROOT, 'dist/switchboard.mjs'), 'utf8')).toContain(
      bundleIdOf(readFileSync(path.join(REPO_ROOT, 'dist/switchboard.cjs'), 'utf8')),
    );
  });
});
