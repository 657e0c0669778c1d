import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** The parts of the OpenAPI document the conformance test reads. */
export type Schema = Record<string, any>;
export interface Operation {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, Answer>;
  'x-weft-access': string;
  /** Where the operation is served when not under /api (GET /readyz at the root). */
  servers?: { url: string }[];
}
export interface Answer {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema: Schema }>;
}
export interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Answer> };
}

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv2020,
) => Ajv2020;

/** Validates an answer's body against the schema the document gives for it ($refs into the document's components). */
export function answerValidator(doc: Doc) {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: false, validateFormats: true }));
  ajv.addSchema({ $id: 'weft:openapi', components: doc.components });
  const cache = new Map<Schema, ReturnType<typeof ajv.compile>>();
  return (schema: Schema, body: unknown): string | null => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(
        JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"weft:openapi#/components/')),
      );
      cache.set(schema, validate);
    }
    return validate(body) ? null : ajv.errorsText(validate.errors);
  };
}

export function resolve(doc: Doc, s: Schema): Schema {
  let out = s;
  while (out && typeof out.$ref === 'string') out = doc.components.schemas[out.$ref.split('/').pop()!]!;
  return out ?? {};
}

const typeOf = (s: Schema): string | undefined =>
  Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;

/** A small value the schema accepts: required properties only, the first enum value, minimal lengths. */
export function sample(doc: Doc, schema: Schema, depth = 0): unknown {
  const s = resolve(doc, schema);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('default' in s) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (Array.isArray(alt)) return sample(doc, alt[0], depth + 1);
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((p: Schema) => sample(doc, p, depth + 1)));
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth < 8) for (const k of s.required ?? []) out[k] = sample(doc, s.properties?.[k] ?? {}, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(doc, s.items ?? {}, depth + 1));
    case 'string':
      if (s.format === 'date-time') return new Date(0).toISOString();
      if (s.format === 'email') return 'someone@example.com';
      return 'sample'.padEnd(s.minLength ?? 0, 'x').slice(0, s.maxLength ?? 100);
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** A value of another JSON type than the schema wants. */
export function wrongType(doc: Doc, schema: Schema): unknown {
  switch (typeOf(resolve(doc, schema))) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'a list' };
    case 'object':
      return ['not', 'an', 'object'];
    default:
      return undefined;
  }
}

export const HUGE = 'x'.repeat(70_000);

/** Bodies the schema refuses (or at least strains): nothing, each property of a wrong type or huge, an unknown field. */
export function badBodies(doc: Doc, schema: Schema, valid: unknown): { what: string; body: unknown }[] {
  const s = resolve(doc, schema);
  const out: { what: string; body: unknown }[] = [
    { what: 'an array instead of an object', body: [] },
    { what: 'a number instead of an object', body: 42 },
  ];
  if (typeOf(s) !== 'object' || typeof valid !== 'object' || valid === null) return out;
  if ((s.required ?? []).length) out.push({ what: 'no fields', body: {} });
  for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    const w = wrongType(doc, p);
    if (w !== undefined) out.push({ what: `${k} of a wrong type`, body: { ...valid, [k]: w } });
    if (typeOf(resolve(doc, p)) === 'string') out.push({ what: `${k} huge`, body: { ...valid, [k]: HUGE } });
    out.push({ what: `${k} null`, body: { ...valid, [k]: null } });
  }
  for (const k of s.required ?? []) {
    const { [k]: _gone, ...rest } = valid as Record<string, unknown>;
    out.push({ what: `without ${k}`, body: rest });
  }
  out.push({ what: 'an unknown field', body: { ...valid, unexpectedField: true } });
  return out;
}

/** Query strings that break one parameter each. */
export function badQueries(_doc: Doc, op: Operation): { what: string; query: Record<string, string> }[] {
  const out: { what: string; query: Record<string, string> }[] = [];
  for (const p of op.parameters ?? []) {
    if (p.in !== 'query') continue;
    for (const v of ['not-a-number', '', 'null', '-1', '1e400', '2026-13-45T99:99:99Z', HUGE.slice(0, 5000)])
      out.push({ what: `${p.name}=${v.slice(0, 20)}`, query: { [p.name]: v } });
  }
  return out;
}

/** A JSON text nested deeper than any limit. */
export const deepJson = '['.repeat(5000) + ']'.repeat(5000);
