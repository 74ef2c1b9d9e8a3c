/**
 * Freezes a JSON value and everything in it, in place (values shared between requests: code that
 * changed one would throw rather than change it for every request).
 * @returns the same value
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
