import { z } from 'zod';

/**
 * Top-level members of a request body that clients resend every turn: `REQUEST_BODY_PARSER`
 * remembers them and hands them out deep-frozen and shared, the same value object every turn.
 */
export const SHARED_REQUEST_MEMBERS = ['system', 'tools'] as const;

/** An object schema split into the part without the shared members, and the shared members' schemas. */
interface SplitSchema {
  readonly rest: z.ZodType;
  readonly members: readonly (readonly [key: string, schema: z.ZodType])[];
}

const SPLITS = new WeakMap<z.ZodType, SplitSchema | null>();
/** The shared values each member schema already accepted (weak: values go when the parser forgets them). */
const ACCEPTED = new WeakMap<z.ZodType, WeakSet<object>>();

/**
 * Whether `schema` accepts `json`, checking a frozen shared member (`system`, `tools`) once per value
 * instead of once per request: Claude Code resends ~60 KB of tools every turn, which the parser
 * already shares, and zod re-walked them each time (~3.5 of ~4.5 µs of checking its body). The rest
 * of the body is checked by the object schema without those members (zod's `omit`); a loose schema
 * lets them through as unknown keys, and they are checked by their own member schemas instead.
 * Same verdict as `schema.safeParse(json).success`: an object schema's members are checked
 * independently of one another (the gateway's wire schemas have no object-level refinements).
 * @returns `true` when accepted; `false` when some part is refused (the caller re-checks the whole
 *   body for the error message); `undefined` when it does not apply (not a loose or stripping
 *   object schema without refinements, or no frozen shared member): check the whole body
 */
export function acceptsWithSharedMembers(json: unknown, schema: z.ZodType): boolean | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const split = splitOf(schema);
  if (split === undefined) return undefined;
  const body = json as Record<string, unknown>;
  if (!split.members.some(([key]) => isFrozenObject(body[key]))) return undefined;
  for (const [key, memberSchema] of split.members) {
    if (!accepts(memberSchema, body[key])) return false;
  }
  return split.rest.safeParse(json).success;
}

function accepts(schema: z.ZodType, value: unknown): boolean {
  const frozen = isFrozenObject(value);
  if (frozen && ACCEPTED.get(schema)?.has(value) === true) return true;
  if (!schema.safeParse(value).success) return false;
  if (frozen) {
    const accepted = ACCEPTED.get(schema) ?? new WeakSet<object>();
    accepted.add(value);
    ACCEPTED.set(schema, accepted);
  }
  return true;
}

function isFrozenObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.isFrozen(value);
}

function splitOf(schema: z.ZodType): SplitSchema | undefined {
  let split = SPLITS.get(schema);
  if (split === undefined) {
    split = buildSplit(schema);
    SPLITS.set(schema, split);
  }
  return split ?? undefined;
}

function buildSplit(schema: z.ZodType): SplitSchema | null {
  if (!(schema instanceof z.ZodObject)) return null;
  // An object-level refinement could relate members to one another: check such bodies whole.
  if ((schema._zod.def.checks ?? []).length > 0) return null;
  // Unknown keys must pass (loose) or be dropped (the default): a strict schema, or a typed
  // catch-all, would refuse the members the split leaves to their own schemas.
  const catchall = schema._zod.def.catchall;
  if (catchall !== undefined && !(catchall instanceof z.ZodUnknown)) return null;
  const shape = schema.shape as Record<string, z.ZodType>;
  const members = SHARED_REQUEST_MEMBERS.filter((key) => shape[key] !== undefined).map(
    (key) => [key, shape[key] as z.ZodType] as const,
  );
  if (members.length === 0) return null;
  const mask: Record<string, true> = {};
  for (const [key] of members) mask[key] = true;
  return { rest: schema.omit(mask as Parameters<typeof schema.omit>[0]), members };
}
