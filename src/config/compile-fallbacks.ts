import type { ConfigIssue } from './config-error.js';
import { formatConfigIssue, formatConfigPath } from './config-error.js';
import type { LocateLine } from './parse-config-text.js';
import type { RawFallbacks } from './schema.js';

/** Where the `fallbacks` mapping was read from, for issues and warnings. */
export interface FallbacksSource {
  /** The config file's name. */
  readonly file: string;
  /** Line lookup of the file. */
  readonly lineOf: LocateLine;
}

/** The compiled `fallbacks` with what was found on the way. */
export interface CompiledFallbacks {
  /** Model (as written, trimmed) → its fallback model references (trimmed), in file order. */
  readonly fallbacks: ReadonlyMap<string, readonly string[]>;
  /** Items dropped (the model itself, a repeat), as `file:line fallbacks.<model>[i]: …` lines. */
  readonly warnings: string[];
  /** Empty lists, and models listed twice once trimmed. */
  readonly issues: ConfigIssue[];
}

/**
 * Compiles `fallbacks` (Switchboard's own key: neither CLIProxyAPI, seed 002, nor seed 004 has
 * one; requested model or `upstream/model` reference → ordered model references tried when its
 * own candidates are exhausted) into a map in file order; keys and items are
 * trimmed (the schema already refused blank ones). An item equal to its key, or a repeat of an
 * earlier item of the same list, is dropped with a warning; a model whose list is then empty is
 * left out. Nothing is resolved against the upstreams here: discovered upstreams come later.
 * @param raw the validated mapping, if any
 * @param source the file and its line lookup, for messages
 * @returns the map, the warnings, and an issue for each empty list (`expected at least one model
 *   reference`) and each key that repeats another once trimmed
 */
export function compileFallbacks(
  raw: RawFallbacks | null | undefined,
  source: FallbacksSource,
): CompiledFallbacks {
  const fallbacks = new Map<string, readonly string[]>();
  const warnings: string[] = [];
  const issues: ConfigIssue[] = [];
  const seenKeys = new Set<string>();
  const at = (path: readonly PropertyKey[]) => ({
    file: source.file,
    line: source.lineOf(path),
    path: formatConfigPath(path),
  });
  for (const [written, list] of Object.entries(raw ?? {})) {
    const model = written.trim();
    if (seenKeys.has(model)) {
      issues.push({
        ...at(['fallbacks', written]),
        message: `expected each model once, found "${model}" again`,
      });
      continue;
    }
    seenKeys.add(model);
    if (list.length === 0) {
      issues.push({
        ...at(['fallbacks', written]),
        message: 'expected at least one model reference to fall back to, found an empty list',
      });
      continue;
    }
    const targets: string[] = [];
    list.forEach((item, index) => {
      const target = item.trim();
      const why =
        target === model ? 'is the model itself' : targets.includes(target) ? 'is already listed' : undefined;
      if (why === undefined) targets.push(target);
      else
        warnings.push(
          formatConfigIssue({ ...at(['fallbacks', written, index]), message: `"${target}" ${why}; dropped` }),
        );
    });
    if (targets.length > 0) fallbacks.set(model, targets);
  }
  return { fallbacks, warnings, issues };
}
