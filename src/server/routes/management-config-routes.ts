import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { replaceConfigFile } from '../../config/edit-config-file.js';
import { GatewayError, InvalidRequestError } from '../../errors/gateway-error.js';
import type { GatewayContext } from '../gateway-context.js';
import { describeConfig } from './management-config-view.js';
import { answerConfigWrite, bodyBytes, requireReloader } from './management-route-helpers.js';

/**
 * The configuration routes of the management API (seed 002 "Management API", issue 6), registered
 * in the management scope (paths relative to `/v0/management`, auth already checked):
 * - `GET /config`: the running config as JSON (`describeConfig`: the compiled view, secrets masked);
 * - `GET /config.yaml`: the config file's text verbatim (`application/yaml`; it holds the upstream
 *   keys: the management key holder is trusted, as in CLIProxyAPI);
 * - `PUT /config.yaml`: body = the new file text (any content type; empty → 400). Validated as a load would
 *   (`reloader.check`: YAML, schema, compile with the environment and `--host`/`--port`); invalid →
 *   400 `{ error: { message, type, code, issues: [{ file, line?, path, message }] } }` and neither the
 *   file nor the running config changes; valid → written atomically (mode 0600) and applied by the
 *   reloader the file watcher uses → `{ ok: true, warnings }`.
 * 409 from the writes when the gateway has no editable file (`context.configReloader` unset).
 */
export function registerManagementConfigRoutes(scope: FastifyInstance, context: GatewayContext): void {
  scope.get('/config', async (_request, reply) => reply.send(describeConfig(context.configHolder.current)));

  scope.get('/config.yaml', async (_request, reply) => {
    const file = context.configReloader?.configPath ?? context.configHolder.current.sourcePath;
    if (file === undefined) {
      throw new GatewayError('not_found', 404, 'This gateway was started without a config file.');
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new GatewayError('not_found', 404, `The config file cannot be read (${code}).`);
    }
    return reply.header('content-type', 'application/yaml; charset=utf-8').send(text);
  });

  scope.put('/config.yaml', async (request, reply) => {
    const reloader = requireReloader(context);
    const bytes = bodyBytes(request.body);
    if (bytes.length === 0) {
      throw new InvalidRequestError('The request body is empty; expected the new config.yaml text.');
    }
    const text = bytes.toString('utf8');
    const result = await replaceConfigFile(reloader.configPath, text, reloader);
    const answer = answerConfigWrite(result);
    context.logger.info({ requestId: request.id, warnings: answer.warnings.length }, 'config.yaml replaced');
    return reply.send(answer);
  });
}
