/**
 * Reversible model ids for Claude Code's gateway model discovery.
 *
 * With `CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1` Claude Code lists `GET /v1/models` and keeps
 * only ids containing `claude` or `anthropic`. So that every routable model stays pickable, a
 * model whose id has neither is listed as `claude-via/<upstream>/<model>`; a request for that id
 * routes back to `<upstream>/<model>`.
 */

/** The prefix of reversible ids. */
export const CLAUDE_CODE_MODEL_ID_PREFIX = 'claude-via/';

/**
 * Whether Claude Code's discovery filter would keep this id as it is.
 * @param id a model id
 */
export function isClaudeCodeVisible(id: string): boolean {
  const lower = id.toLowerCase();
  return lower.includes('claude') || lower.includes('anthropic');
}

/**
 * Encodes an upstream model as an id Claude Code keeps: `claude-via/<upstream>/<model>`.
 * @param upstreamId upstream id (no `/`)
 * @param model upstream model name (may contain `/`)
 */
export function encodeClaudeCodeModelId(upstreamId: string, model: string): string {
  return `${CLAUDE_CODE_MODEL_ID_PREFIX}${upstreamId}/${model}`;
}

/**
 * Decodes `claude-via/<upstream>/<model>` to the reference `<upstream>/<model>`.
 * @returns the reference, or `undefined` when the id is not a reversible id
 */
export function decodeClaudeCodeModelId(id: string): string | undefined {
  if (!id.startsWith(CLAUDE_CODE_MODEL_ID_PREFIX)) return undefined;
  const reference = id.slice(CLAUDE_CODE_MODEL_ID_PREFIX.length);
  return reference.includes('/') ? reference : undefined;
}
