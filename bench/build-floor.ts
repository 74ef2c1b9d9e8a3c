// Turns bench/floor-proxy.ts into plain JavaScript (TypeScript's transpileModule, no type check) so the
// floor runs on bare Node like the built gateway: no TypeScript loader in its memory or its start-up.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './child-processes.js';

/**
 * Writes `bench/out/floor-proxy.mjs` (bare imports such as undici resolve from the repository's
 * node_modules) and returns its path.
 */
export async function buildFloor(): Promise<string> {
  const source = await readFile(path.join(REPO_ROOT, 'bench/floor-proxy.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
    fileName: 'floor-proxy.ts',
  });
  const file = path.join(REPO_ROOT, 'bench/out/floor-proxy.mjs');
  await writeFile(file, outputText);
  return file;
}
