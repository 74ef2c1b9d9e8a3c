import type { Environment } from './apply-env.js';
import type { ConfigIssue } from './config-error.js';
import type { RawThinking } from './schema.js';
import type { ThinkingSwitches } from './switchboard-config.js';

/** claude-code-proxy's thinking variables (seed 004) and the switch each sets. */
export const THINKING_ENV: Readonly<Record<keyof ThinkingSwitches, string>> = {
  default: 'ENABLE_MODEL_THINKING',
  opus: 'ENABLE_OPUS_THINKING',
  sonnet: 'ENABLE_SONNET_THINKING',
  haiku: 'ENABLE_HAIKU_THINKING',
};

/** Accepted spellings of an environment boolean (compared case-insensitively, trimmed). */
export const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
};

const TIERS = ['opus', 'sonnet', 'haiku'] as const;

/** The compiled switches, with the invalid variables found. */
export interface CompiledThinking {
  readonly thinking: ThinkingSwitches;
  /** One per variable that is neither blank nor a boolean word (file `environment`). */
  readonly issues: ConfigIssue[];
}

/**
 * Compiles the thinking switches from the file's `thinking` mapping and the `ENABLE_*_THINKING`
 * variables. Each key: its variable when set (non-blank), else the YAML value. Each tier then
 * inherits the model-wide `default` when it has no value of its own, as claude-code-proxy's blank
 * per-tier variables do; a switch with no value anywhere is absent (leave requests as they are).
 * Variables accept `true/false/1/0/yes/no`, any case.
 */
export function compileThinking(raw: RawThinking | null | undefined, env: Environment): CompiledThinking {
  const issues: ConfigIssue[] = [];
  const read = (key: keyof ThinkingSwitches): boolean | undefined => {
    const variable = THINKING_ENV[key];
    const text = env[variable]?.trim();
    if (text !== undefined && text !== '') {
      const value = BOOLEAN_WORDS[text.toLowerCase()];
      if (value !== undefined) return value;
      issues.push({
        file: 'environment',
        path: variable,
        message: `expected true, false, 1, 0, yes or no, found ${JSON.stringify(text)}`,
      });
    }
    return raw?.[key] ?? undefined;
  };
  const result: { -readonly [Key in keyof ThinkingSwitches]: boolean } = {};
  const fallback = read('default');
  if (fallback !== undefined) result.default = fallback;
  for (const tier of TIERS) {
    const value = read(tier) ?? fallback;
    if (value !== undefined) result[tier] = value;
  }
  return { thinking: result, issues };
}
