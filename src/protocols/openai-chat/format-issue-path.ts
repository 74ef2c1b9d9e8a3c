/**
 * A zod issue's path as the client wrote the field: `messages[2].content[0].type`; `body` for
 * the body itself.
 * @param base where the parsed value sits in the body (`input[2]`), prefixed to `path`
 */
export function formatIssuePath(path: readonly PropertyKey[], base = ''): string {
  const text = path.reduce<string>(
    (out, key) =>
      typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`,
    base,
  );
  return text === '' ? 'body' : text;
}
