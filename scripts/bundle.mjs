// Bundles the built CLI (dist/cli/main.js) with esbuild into one CommonJS file, dist/switchboard.cjs:
// loading one file instead of several hundred modules (undici, fastify, zod, pino, …) halves the
// gateway's start-up (issue 7: process start to listening ≤ 300 ms). The native SQLite driver and
// the lazily loaded tokenizer stay outside, resolved from node_modules at run time.
// The `switchboard` binary, dist/switchboard.mjs, is the small launcher (dist/cli/launcher.js) that
// compiles that bundle with the V8 code cache written by ./write-code-cache.mjs (start-up −90 ms).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { bundleIdOf } from '../dist/cli/code-cache.js';
import { writeCodeCache } from './write-code-cache.mjs';

/**
 * undici's cookie helpers (lib/web/cookies/index.js, loaded with the package's index) read
 * `globalThis.Headers` at load time to accept Node's own Headers too. That read is a lazy getter that
 * loads and compiles Node's internal copy of undici (node:internal/deps/undici/undici): 50–70 ms of
 * start-up on the bench machine, for a second HTTP client the gateway never uses. The bundle keeps
 * undici's own Headers only: the cookie helpers (which the gateway does not call) then refuse a
 * global Headers object. A warning, not a failure, when an undici upgrade changes the line.
 * @type {import('esbuild').Plugin}
 */
const undiciCookiesWithoutGlobalHeaders = {
  name: 'undici-cookies-without-global-headers',
  setup(pluginBuild) {
    const expression = '[Headers, globalThis.Headers].filter(Boolean)';
    pluginBuild.onLoad({ filter: /[\\/]undici[\\/]lib[\\/]web[\\/]cookies[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(expression)) {
        return {
          contents: source,
          loader: 'js',
          warnings: [
            { text: `undici's cookies module no longer reads ${expression}: check start-up (issue 7)` },
          ],
        };
      }
      return { contents: source.replace(expression, '[Headers]'), loader: 'js' };
    });
  },
};

await build({
  entryPoints: ['dist/cli/main.js'],
  plugins: [undiciCookiesWithoutGlobalHeaders],
  outfile: 'dist/switchboard.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['better-sqlite3', 'gpt-tokenizer', 'gpt-tokenizer/*'],
  // A script compiled by node:vm has no module loader of its own for import(): the one external
  // import() (the tokenizer, which ships CommonJS too) becomes a require().
  supported: { 'dynamic-import': false },
  // The sources are ES modules: import.meta.url is this file's URL.
  define: { 'import.meta.url': '__switchboardImportMetaUrl' },
  banner: { js: "var __switchboardImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Whitespace and syntax only: identifiers stay, so stack traces stay readable. No `keepNames`:
  // it wraps every function created at run time (per-request closures too) and cost ~12 % req/s.
  minifyWhitespace: true,
  minifySyntax: true,
  // dist/switchboard.cjs.map, for bench/summarize-profile.ts (profiles name the bundle's lines);
  // `external` adds no comment to the bundle, so nothing reads it at run time.
  sourcemap: 'external',
  logLevel: 'warning',
  legalComments: 'none',
});

await build({
  entryPoints: ['dist/cli/launcher.js'],
  outfile: 'dist/switchboard.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  define: { SWITCHBOARD_BUNDLE_ID: JSON.stringify(bundleIdOf(readFileSync('dist/switchboard.cjs', 'utf8'))) },
  logLevel: 'warning',
  legalComments: 'none',
});

await writeCodeCache('dist/switchboard.mjs', 'dist/switchboard.v8cache');
