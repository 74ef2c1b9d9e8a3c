import type { RawQuotaExceeded } from './schema.js';
import type { QuotaExceededConfig } from './switchboard-config.js';

/** The compiled `quota-exceeded` and the warnings for the operator. */
export interface CompiledQuotaExceeded {
  readonly quotaExceeded: QuotaExceededConfig;
  readonly warnings: string[];
}

/**
 * Compiles `quota-exceeded` (seed 002, CLIProxyAPI): `switch-preview-model` (default true) and
 * `switch-project` (default true, as CLIProxyAPI). `switch-project` is not used yet (no OAuth
 * projects): written `true` it adds the warning `quota-exceeded.switch-project is accepted but not
 * used yet`; its default does not.
 * @param raw the validated mapping, if any
 */
export function compileQuotaExceeded(raw: RawQuotaExceeded | null | undefined): CompiledQuotaExceeded {
  const switchProject = raw?.['switch-project'];
  return {
    quotaExceeded: {
      switchPreviewModel: raw?.['switch-preview-model'] ?? true,
      switchProject: switchProject ?? true,
    },
    warnings: switchProject === true ? ['quota-exceeded.switch-project is accepted but not used yet'] : [],
  };
}
