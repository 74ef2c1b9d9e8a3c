/**
 * Whether `JSON.stringify` walks this object member by member: an array or a plain object (its
 * prototype `Object.prototype` or `null`) without a `toJSON` method. Anything else (a Date, a Map,
 * a boxed string) it turns into text some other way. Source: ECMA-262 §25.5.2 (SerializeJSONProperty).
 */
export function isJsonContainer(value: object): boolean {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
