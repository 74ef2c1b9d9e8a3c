/** Deepest `$ref` nesting expanded before a reference is cut (recursion guard besides cycle detection). */
export const MAX_SCHEMA_REF_DEPTH = 16;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Replaces every local `$ref` (`#`, `#/$defs/X`, `#/definitions/X`, any JSON pointer into the
 * document) with a copy of the schema it points to, the `$ref` node's other keywords laid over
 * it (`{"$ref": "#/$defs/A", "description": "…"}` keeps its description). Gemini's function
 * declaration `Schema` has no references ("Unknown name \"$ref\"", and "$ref was set alongside
 * unsupported fields"). A recursive reference (one already being expanded, or nested deeper than
 * `MAX_SCHEMA_REF_DEPTH`) and a reference that does not resolve (remote URLs included) become the
 * node without its `$ref` — `{}` when nothing else was said — and are reported.
 * `$defs` / `definitions` stay in place; the sanitizer removes them afterwards.
 * Source: JSON Schema 2020-12 Core, "Direct References with $ref" and JSON Pointer (RFC 6901);
 * peers' reports: google-gemini/gemini-cli#13326, anomalyco/opencode#12295.
 * @param root the whole schema (pointers resolve against it)
 * @param report receives the path of each reference that was cut (`properties.a.$ref`)
 * @returns a new schema without `$ref` (the input is not changed)
 */
export function inlineSchemaRefs(root: unknown, report: (path: string) => void): unknown {
  const expand = (node: unknown, path: string, stack: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((item, index) => expand(item, `${path}[${index}]`, stack));
    if (!isObject(node)) return node;
    const { $ref: ref, ...rest } = node;
    let base: JsonObject = {};
    if (typeof ref === 'string') {
      const target =
        stack.includes(ref) || stack.length >= MAX_SCHEMA_REF_DEPTH ? undefined : resolve(root, ref);
      if (isObject(target)) {
        const expanded = expand(target, path, [...stack, ref]);
        if (isObject(expanded)) base = expanded;
      } else {
        report(join(path, '$ref'));
      }
    } else if (ref !== undefined) {
      report(join(path, '$ref'));
    }
    const out: JsonObject = { ...base };
    for (const [key, value] of Object.entries(rest)) {
      out[key] = key === '$defs' || key === 'definitions' ? value : expand(value, join(path, key), stack);
    }
    return out;
  };
  return expand(root, '', []);
}

/** The schema a local reference points to (`#` or `#/a/b~1c`), or `undefined`. */
function resolve(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

/** `a.b` path joining, the root being ''. */
export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
