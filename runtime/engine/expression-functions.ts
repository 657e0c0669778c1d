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

/** Functions Weft adds to JSONata, in runs and in the designer's preview alike. */
export function addWeftFunctions(expr: jsonata.Expression): void {
  expr.registerFunction('hash', (value: unknown) => hashOf(value));
}
