import type { FastifyInstance } from 'fastify';
import type { Document, YAMLSeq } from 'yaml';
import { isScalar, isSeq } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../config/config-error.js';
import { editConfigFile } from '../../config/edit-config-file.js';
import { GatewayError, InvalidRequestError } from '../../errors/gateway-error.js';
import type { GatewayContext } from '../gateway-context.js';
import { answerConfigWrite, parseJsonBody, requireReloader } from './management-route-helpers.js';

const key = z.string().trim().min(1, 'expected a non-empty key');
const keyListSchema = z.union([z.array(key), z.object({ items: z.array(key) }).strict()]);
const patchSchema = z.union([
  z.object({ old: z.string(), new: key }).strict(),
  z.object({ index: z.number().int().min(0), value: key }).strict(),
]);
const deleteQuerySchema = z.union([
  z.object({ value: z.string().min(1) }).strict(),
  z.object({ index: z.coerce.number().int().min(0) }).strict(),
]);

/**
 * The inbound keys (`api-keys`) of the management API (seed 002, CLIProxyAPI's routes), in the
 * management scope. The keys are shown in full: the management key holder is trusted (CLIProxyAPI).
 * - `GET /api-keys` → `{ "api-keys": [...] }` (the running config's keys);
 * - `PUT /api-keys`, body `["k1", "k2"]` (or `{ "items": [...] }`): replaces the list;
 * - `PATCH /api-keys`, body `{ "index": n, "value": "k" }` (replaces item n; 400 when out of range)
 *   or `{ "old": "k1", "new": "k2" }` (replaces k1; appends k2 when k1 is absent, as CLIProxyAPI);
 * - `DELETE /api-keys?index=n` or `?value=k` (404 when nothing matched).
 * Every write edits `config.yaml` through its YAML document (comments kept), is validated as a load
 * (e.g. an empty list on a non-loopback host is refused: 400 with `issues`), written atomically and
 * applied by the reloader; it answers `{ ok: true, warnings, "api-keys": [...] }`.
 */
export function registerManagementApiKeysRoutes(scope: FastifyInstance, context: GatewayContext): void {
  const edit = async (mutate: (sequence: YAMLSeq) => void) => {
    const reloader = requireReloader(context);
    const result = await editConfigFile(
      reloader.configPath,
      (document) => mutate(keySequence(document)),
      reloader,
    ).catch((error: unknown) => {
      // The file on disk cannot be read or is not YAML now: answered as a refused write (400).
      if (error instanceof ConfigError) return { ok: false as const, error };
      throw error;
    });
    return { ...answerConfigWrite(result), 'api-keys': context.configHolder.current.apiKeys };
  };

  scope.get('/api-keys', async (_request, reply) =>
    reply.send({ 'api-keys': context.configHolder.current.apiKeys }),
  );

  scope.put('/api-keys', async (request, reply) => {
    const parsed = parse(keyListSchema, parseJsonBody(request.body, 'a JSON array of keys'), 'PUT');
    const keys = Array.isArray(parsed) ? parsed : parsed.items;
    return reply.send(
      await edit((sequence) => {
        sequence.items.splice(0, sequence.items.length);
        for (const item of keys) sequence.add(item);
      }),
    );
  });

  scope.patch('/api-keys', async (request, reply) => {
    const body = parse(
      patchSchema,
      parseJsonBody(request.body, '{"index", "value"} or {"old", "new"}'),
      'PATCH',
    );
    return reply.send(
      await edit((sequence) => {
        if ('index' in body) {
          if (body.index >= sequence.items.length) {
            throw new InvalidRequestError(
              `There is no api-keys item ${body.index} (the list has ${sequence.items.length}).`,
            );
          }
          sequence.set(body.index, body.value);
          return;
        }
        const index = valuesOf(sequence).indexOf(body.old);
        if (index >= 0) sequence.set(index, body.new);
        else sequence.add(body.new);
      }),
    );
  });

  scope.delete('/api-keys', async (request, reply) => {
    const query = parse(deleteQuerySchema, request.query ?? {}, 'DELETE');
    return reply.send(
      await edit((sequence) => {
        const values = valuesOf(sequence);
        const indexes =
          'index' in query
            ? query.index < values.length
              ? [query.index]
              : []
            : values.flatMap((value, index) => (value === query.value ? [index] : []));
        if (indexes.length === 0) {
          throw new GatewayError('not_found', 404, 'No api-keys item matches; nothing was changed.');
        }
        for (const index of indexes.reverse()) sequence.delete(index);
      }),
    );
  });
}

/** The `api-keys` sequence of the document, created (empty) when missing or null. */
function keySequence(document: Document): YAMLSeq {
  const node = document.get('api-keys', true);
  if (isSeq(node)) return node;
  const created = document.createNode([]) as YAMLSeq;
  document.set('api-keys', created);
  return created;
}

function valuesOf(sequence: YAMLSeq): (string | undefined)[] {
  return sequence.items.map((item) =>
    isScalar(item) && item.value !== null && item.value !== undefined ? String(item.value) : undefined,
  );
}

/** @throws InvalidRequestError naming the expected shape */
function parse<T>(schema: z.ZodType<T>, value: unknown, method: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const shapes: Readonly<Record<string, string>> = {
    PUT: 'a JSON array of non-empty keys (or {"items": [...]})',
    PATCH: '{"index": n, "value": "key"} or {"old": "key", "new": "key"}',
    DELETE: 'the query ?index=n or ?value=key',
  };
  throw new InvalidRequestError(
    `${method} /v0/management/api-keys expects ${shapes[method] ?? 'another shape'}.`,
  );
}
