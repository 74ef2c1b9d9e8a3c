import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Vitest global setup: compiles `src/` to `dist/` and bundles the CLI (`dist/switchboard.mjs`, the
 * `switchboard` binary) once per run, so the tests that spawn it run the code under test, not a
 * stale build. `SWITCHBOARD_SKIP_BUILD=1` skips
 * it for focused runs that spawn no CLI.
 */
export default function setup(): void {
  if (process.env.SWITCHBOARD_SKIP_BUILD === '1') return;
  const require = createRequire(import.meta.url);
  const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
}
