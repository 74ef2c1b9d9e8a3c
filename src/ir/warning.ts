/**
 * Something a conversion could not carry faithfully (a dropped field, a degraded block, a clamped
 * limit). Lossy mappings produce warnings, never silence; the gateway logs them per request.
 */
export interface IrWarning {
  /** Stable code, e.g. `dropped-field`, `degraded-block`, `clamped-max-tokens`, `dropped-signature`. */
  readonly code: string;
  /** What happened, for the log; never contains request content beyond field names. */
  readonly message: string;
}
