/**
 * Names for the canonical data model that need nothing else: the designer imports these without the schemas.
 *
 * Convention: every canonical schema has `$id: "canonical:<Name>"` and is referenced by that id, e.g.
 * `{ "$ref": "canonical:Project" }` for a whole record or `{ "$ref": "canonical:Common#/definitions/Money" }`
 * for a shared definition. The prefix is reserved: a user schema may not declare an `$id` starting with it.
 */
export const CANONICAL_PREFIX = 'canonical:';

/** Marks a config field whose value is a JSON Schema (the designer offers the canonical models there). */
export const JSON_SCHEMA_META = 'x-weft-json-schema';

/** `{ "$ref": "canonical:<name>" }`, the value that validates against one canonical model. */
export function canonicalRef(name: string): { $ref: string } {
  return { $ref: CANONICAL_PREFIX + name };
}

/** The model name when `value` is exactly `{ "$ref": "canonical:<Name>" }` (nothing else), otherwise null. */
export function canonicalNameOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const ref = (value as { $ref?: unknown }).$ref;
  if (keys.length !== 1 || typeof ref !== 'string' || !ref.startsWith(CANONICAL_PREFIX)) return null;
  const name = ref.slice(CANONICAL_PREFIX.length);
  return /^[A-Za-z][A-Za-z0-9]*$/.test(name) ? name : null;
}

/** One entry of GET /api/canonical-schemas. */
export interface CanonicalSchemaInfo {
  /** The part after "canonical:", e.g. "Project". */
  name: string;
  title: string;
  description: string;
  /** "definitions" for canonical:Common, which holds shared definitions and is no record to validate against. */
  kind: 'model' | 'definitions';
  schema: Record<string, unknown>;
}
