import type { ConfigIssue } from './config-error.js';
import type { LocateLine } from './parse-config-text.js';
import type { UpstreamLimits } from './switchboard-config.js';

/** Shared state of the entry compilers of one config. */
export interface EntryCompileContext {
  /** The file's global `proxy-url`, for entries without their own. */
  readonly globalProxyUrl: string | undefined;
  /**
   * The global traffic limits (`provider-limits` and `PROVIDER_*` variables, see
   * `compileProviderLimits`): each entry's `rate-limit`, `rate-window`, `max-concurrency` go over them.
   */
  readonly providerLimits: UpstreamLimits;
  /**
   * Upstream ids in use: every explicit `name` of the file up front (all four sections); generated
   * ids are added as they are assigned, so later ones get `-2`, `-3`, … instead of clashing.
   */
  readonly takenIds: Set<string>;
  /** The config file's name, for issues. */
  readonly file: string;
  /** Line lookup of the file, for issues. */
  readonly lineOf: LocateLine;
  /** Where the compilers add problems (merged items that disagree); `compileConfig` throws them. */
  readonly issues: ConfigIssue[];
}
