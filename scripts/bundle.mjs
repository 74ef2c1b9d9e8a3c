// Bundles the built CLI (dist/cli/main.js) into one ES module, dist/switchboard.mjs, with esbuild:
// loading one file instead of several hundred modules (undici, fastify, zod, pino, …) halves the
// gateway's start-up (issue 7: process start to listening ≤ 300 ms). The native SQLite driver and
// the lazily loaded tokenizer data stay outside, resolved from node_modules at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/switchboard.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'gpt-tokenizer', 'gpt-tokenizer/*'],
  // CommonJS dependencies call require(): give the bundle one.
  banner: {
    js: "import { createRequire as __switchboardCreateRequire } from 'node:module';\nconst require = __switchboardCreateRequire(import.meta.url);",
  },
  // Whitespace and syntax only: identifiers stay, so stack traces stay readable. No `keepNames`:
  // it wraps every function created at run time (per-request closures too) and cost ~12 % req/s.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  legalComments: 'none',
});
