/**
 * Sets an own data property. A plain assignment `obj[key] = value` with the key
 * "__proto__" (which JSON payloads may carry) would change the object's
 * prototype instead of storing the value.
 */
export function setOwn(obj: object, key: string | number, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else (obj as Record<string | number, unknown>)[key] = value;
}

/** The value of an own property, never an inherited one. */
export function getOwn(obj: object, key: string | number): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<string | number, unknown>)[key] : undefined;
}
