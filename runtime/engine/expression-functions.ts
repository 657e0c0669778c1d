import { createHash } from 'node:crypto';
import type jsonata from 'jsonata';

/** JSON with object keys in sorted order, so equal values always give the same text. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `$hash(value)`: 16 hex digits of the SHA-256 of the value's canonical JSON. Equal content gives the same
 * text whatever the key order, different content a different one: the part of an idempotency key that
 * says "this exact request", e.g. `"erp-customer-" & account.Id & "-" & $hash(account)`.
 */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex').slice(0, 16);
}

/** Reads a lookup table's value for a key: undefined when the key is absent, an error for an unknown table. */
export type LookupFn = (table: string, key: string) => Promise<unknown>;

/**
 * `$lookup('table', key)`: the value of `key` in a lookup table, or nothing when the key is absent (so
 * `$lookup('crm_to_erp', id) ? …` tests for it). A number key is looked up as its text; no key, no value.
 */
export function lookupFunction(lookup: LookupFn) {
  return async (table: unknown, key: unknown): Promise<unknown> => {
    if (table !== null && typeof table === 'object') return keyOf(table, key);
    if (typeof table !== 'string' || table === '')
      throw new Error("$lookup: the first argument must be the name of a lookup table, e.g. $lookup('crm_to_erp', id)");
    if (key === undefined || key === null) return undefined;
    if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean')
      throw new Error(
        `$lookup('${table}', …): the key must be a string or a number, not ${Array.isArray(key) ? 'an array' : 'an object'}`,
      );
    return lookup(table, String(key));
  };
}

/** JSONata's own `$lookup(object, key)`, which `$lookup('table', key)` takes the place of: an object's key, or each item's. */
function keyOf(source: object, key: unknown): unknown {
  const k = String(key);
  if (!Array.isArray(source)) return Object.hasOwn(source, k) ? (source as Record<string, unknown>)[k] : undefined;
  const found = source.flatMap((item) => {
    const v = item !== null && typeof item === 'object' ? keyOf(item, k) : undefined;
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  });
  return found.length === 0 ? undefined : found.length === 1 ? found[0] : found;
}

/** Functions Weft adds to JSONata, in runs and in the designer's preview alike. */
export function addWeftFunctions(expr: jsonata.Expression, lookup?: LookupFn): void {
  expr.registerFunction('hash', (value: unknown) => hashOf(value));
  if (lookup) expr.registerFunction('lookup', lookupFunction(lookup));
}
