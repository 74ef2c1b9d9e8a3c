import { existsSync, readFileSync } from 'node:fs';

/**
 * The package version, read once from the package's `package.json`: one folder up from the
 * bundled CLI (`dist/switchboard.mjs`), two up from the unbundled one (`dist/cli/version.js`).
 */
export const SWITCHBOARD_VERSION: string = readVersion();

function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    const file = new URL(relative, import.meta.url);
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    if (manifest.name === 'switchboard' && typeof manifest.version === 'string') return manifest.version;
  }
  return '0.0.0';
}
