import { lstat, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { writeFileAtomic } from '../../config/edit-config-file.js';
import { GatewayError, InvalidRequestError } from '../../errors/gateway-error.js';
import type { GatewayContext } from '../gateway-context.js';
import { bodyBytes } from './management-route-helpers.js';

/** Names an auth file may have: one path segment ending in `.json` (no `/`, no `..` traversal). */
export const AUTH_FILE_NAME = /^[A-Za-z0-9._-]+\.json$/;
const PRIVATE_DIRECTORY_MODE = 0o700;

/**
 * Credential files under `auth-dir` (default `<home>/auth`), in the management scope (issue 6,
 * CLIProxyAPI's auth-file routes):
 * - `GET /auth-files` → `{ files: [{ name, size, modified }] }` (`*.json` regular files, by name;
 *   `size` bytes, `modified` ISO 8601; an absent folder lists nothing);
 * - `POST /auth-files?name=<file>.json`, raw JSON body: written atomically, mode 0600 (the folder
 *   created 0700) → `{ ok: true, name, size }`; 400 for a bad name or a body that is not JSON;
 * - `DELETE /auth-files?name=…` → `{ ok: true, name }`; 404 when absent;
 * - `GET /auth-files/download?name=…` → the file (`application/json`, as an attachment); 404 when absent.
 * Names must match {@link AUTH_FILE_NAME}; symlinks and other non-regular entries are never served.
 * 404 when neither `auth-dir` nor the gateway's home is known.
 */
export function registerManagementAuthFilesRoutes(scope: FastifyInstance, context: GatewayContext): void {
  const folder = (): string => {
    const configured = context.configHolder.current.authDir;
    if (configured !== undefined) return path.resolve(configured);
    if (context.home !== undefined) return path.join(context.home, 'auth');
    throw new GatewayError('not_found', 404, 'No auth folder: set auth-dir in config.yaml.');
  };

  scope.get('/auth-files', async (_request, reply) => {
    const directory = folder();
    let names: string[];
    try {
      names = await readdir(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reply.send({ files: [] });
      throw error;
    }
    const files = [];
    for (const name of names.filter((entry) => AUTH_FILE_NAME.test(entry)).sort()) {
      const stats = await lstat(path.join(directory, name)).catch(() => undefined);
      if (stats?.isFile() !== true) continue;
      files.push({ name, size: stats.size, modified: stats.mtime.toISOString() });
    }
    return reply.send({ files });
  });

  scope.post('/auth-files', async (request, reply) => {
    const name = fileName(request.query);
    const bytes = bodyBytes(request.body);
    try {
      JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new InvalidRequestError(`The body of ${name} is not valid JSON; nothing was written.`);
    }
    const directory = folder();
    await mkdir(directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    await writeFileAtomic(path.join(directory, name), bytes, { followSymlinks: false });
    context.logger.info({ requestId: request.id, name, size: bytes.length }, 'auth file written');
    return reply.send({ ok: true, name, size: bytes.length });
  });

  scope.delete('/auth-files', async (request, reply) => {
    const name = fileName(request.query);
    const file = path.join(folder(), name);
    await requireRegularFile(file, name);
    await rm(file);
    context.logger.info({ requestId: request.id, name }, 'auth file deleted');
    return reply.send({ ok: true, name });
  });

  scope.get('/auth-files/download', async (request, reply) => {
    const name = fileName(request.query);
    const file = path.join(folder(), name);
    await requireRegularFile(file, name);
    return reply
      .header('content-type', 'application/json')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(await readFile(file));
  });
}

/** @throws InvalidRequestError when `name` is missing or not a plain `*.json` file name */
function fileName(query: unknown): string {
  const name = (query as Record<string, unknown> | undefined)?.name;
  if (typeof name !== 'string' || !AUTH_FILE_NAME.test(name) || path.basename(name) !== name) {
    throw new InvalidRequestError(
      'The query parameter name must be a file name ending in .json (letters, digits, ".", "_", "-").',
    );
  }
  return name;
}

/** @throws GatewayError 404 when the file is absent or not a regular file */
async function requireRegularFile(file: string, name: string): Promise<void> {
  const stats = await lstat(file).catch(() => undefined);
  if (stats?.isFile() !== true) throw new GatewayError('not_found', 404, `No auth file ${name}.`);
}
