import { createRequire } from 'node:module';

/** The package version, read from package.json at start-up. */
export const SWITCHBOARD_VERSION: string = (
  createRequire(import.meta.url)('../../package.json') as { version: string }
).version;
