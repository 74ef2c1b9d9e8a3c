#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileBundle, writeCodeCache } from './code-cache.js';

/**
 * The `switchboard` binary (`dist/switchboard.mjs`, bundled from this file by `scripts/bundle.mjs`):
 * runs the CLI bundle `switchboard.cjs` beside it as a CommonJS module, compiled with the V8 code
 * cache `switchboard.v8cache` (see `code-cache.ts`). The build replaces `SWITCHBOARD_BUNDLE_ID` with
 * the id of the bundle it made; `SWITCHBOARD_WRITE_CODE_CACHE=1` (used by the build only) writes the
 * cache when the process exits, with every function compiled by then.
 */
declare const SWITCHBOARD_BUNDLE_ID: string | undefined;

const bundleId = typeof SWITCHBOARD_BUNDLE_ID === 'string' ? SWITCHBOARD_BUNDLE_ID : undefined;
const directory = path.dirname(fileURLToPath(import.meta.url));
const bundleFile = path.join(directory, 'switchboard.cjs');
const cacheFile = path.join(directory, 'switchboard.v8cache');

let source: string;
try {
  source = readFileSync(bundleFile, 'utf8');
} catch {
  process.stderr.write(`switchboard: ${bundleFile} is missing; run \`npm run build\`.\n`);
  process.exit(1);
}
const bundle = compileBundle(source, bundleFile, cacheFile, bundleId);
if (process.env.SWITCHBOARD_WRITE_CODE_CACHE === '1' && bundleId !== undefined) {
  process.once('exit', () => writeCodeCache(bundle.script, cacheFile, bundleId));
}
const module = { exports: {} };
bundle.run(module.exports, createRequire(bundleFile), module, bundleFile, directory);
