import type { Mapping, Rule } from './model.ts';
import type { FieldMapping } from './model.ts';

/** One field of the output a mapping builds, read from the target's JSON Schema. */
export interface TargetField {
  key: string;
  /** Keys from the output's root; a list's item fields continue the list's path. */
  path: string[];
  required: boolean;
  /** "string", "number", "object", "array", … or "" when the schema does not say. */
  type: string;
  format?: string;
  description?: string;
  enum?: unknown[];
  /** An object's fields, or the fields of each item of a list of objects. */
  children?: TargetField[];
}

type Schema = Record<string, unknown>;

/** Finds the schema a `$ref` names (e.g. "canonical:TimeEntry", "canonical:Common#/definitions/Money"). */
export type SchemaResolver = (ref: string) => Schema | undefined;

const MAX_DEPTH = 8;
/** The most target fields one schema yields, so that a schema referring to itself stays small. */
export const MAX_TARGET_FIELDS = 2000;

/** The fields of the object a JSON Schema describes, `$ref`s followed with `resolve`. */
export function targetFields(schema: Schema, resolve: SchemaResolver): TargetField[] {
  // "#/definitions/…" points into the schema itself.
  const budget = { left: MAX_TARGET_FIELDS };
  return fieldsOf(schema, (ref) => (ref === '' ? schema : resolve(ref)), [], 0, budget);
}

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function deref(schema: Schema, resolve: SchemaResolver, depth = 0): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || depth > MAX_DEPTH) return schema;
  const target = resolveRef(ref, resolve);
  if (!target) return schema;
  // Siblings of $ref (a description) are kept over the referenced schema's.
  const { $ref: _r, ...rest } = schema;
  return { ...deref(target, resolve, depth + 1), ...rest };
}

function resolveRef(ref: string, resolve: SchemaResolver): Schema | undefined {
  const [base, pointer] = ref.split('#');
  let at: unknown = resolve(base);
  for (const part of (pointer ?? '').split('/').filter(Boolean)) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Schema)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isSchema(at) ? at : undefined;
}

function typeOf(s: Schema): string {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.filter((t) => t !== 'null').join(' | ');
  if (s.properties) return 'object';
  return '';
}

function fieldsOf(
  schema: Schema,
  resolve: SchemaResolver,
  path: string[],
  depth: number,
  budget: { left: number },
): TargetField[] {
  const s = deref(schema, resolve);
  const properties = s.properties;
  if (!isSchema(properties) || depth > MAX_DEPTH) return [];
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  const entries = Object.entries(properties).filter((e): e is [string, Schema] => isSchema(e[1]));
  const out: TargetField[] = [];
  for (const [key, raw] of entries) {
    if (budget.left <= 0) break;
    budget.left--;
    const p = deref(raw, resolve);
    const field: TargetField = { key, path: [...path, key], required: required.has(key), type: typeOf(p) };
    if (typeof p.format === 'string') field.format = p.format;
    if (typeof p.description === 'string') field.description = p.description;
    if (Array.isArray(p.enum)) field.enum = p.enum;
    const items = p.type === 'array' && isSchema(p.items) ? deref(p.items, resolve) : undefined;
    const children = fieldsOf(items ?? p, resolve, field.path, depth + 1, budget);
    if (children.length > 0) field.children = children;
    out.push(field);
  }
  return out;
}

/** A JSON Schema describing an example value: its fields and their types, none of them required. */
export function schemaFromExample(value: unknown, depth = 0): Schema {
  if (Array.isArray(value)) {
    const first = value.find((v) => v !== null && v !== undefined);
    return first === undefined ? { type: 'array' } : { type: 'array', items: schemaFromExample(first, depth + 1) };
  }
  if (value === null) return {};
  if (typeof value === 'object') {
    if (depth > MAX_DEPTH) return { type: 'object' };
    const properties = Object.fromEntries(
      Object.entries(value as Schema).map(([k, v]) => [k, schemaFromExample(v, depth + 1)]),
    );
    return { type: 'object', properties };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  return { type: typeof value };
}

/**
 * The required target fields the mapping leaves empty, as paths. Inside an object or a list the mapping builds
 * field by field, its required fields count too; a field filled as a whole (copied) counts as mapped.
 */
export function unmappedRequired(mapping: Mapping, fields: TargetField[]): string[][] {
  return missingIn(mapping.fields, fields);
}

function missingIn(mapped: FieldMapping[], fields: TargetField[]): string[][] {
  const out: string[][] = [];
  for (const f of fields) {
    const rule: Rule | undefined = mapped.find((m) => m.target === f.key)?.rule;
    if (!rule) {
      if (f.required) out.push(f.path);
    } else if ((rule.kind === 'object' || rule.kind === 'list') && f.children)
      out.push(...missingIn(rule.fields, f.children));
  }
  return out;
}
