import { CANONICAL_PREFIX } from './ref.ts';

/** A JSON Schema as a plain, JSON-compatible object. */
export type JsonSchemaObject = Record<string, unknown>;

export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** `$ref` to a shared definition in canonical:Common, e.g. def('Money'). */
export function def(name: string): JsonSchemaObject {
  return { $ref: `${CANONICAL_PREFIX}Common#/definitions/${name}` };
}

/** `$ref` to another canonical model, e.g. model('InvoiceLine'). */
export function model(name: string): JsonSchemaObject {
  return { $ref: CANONICAL_PREFIX + name };
}

export function text(description: string, maxLength = 500): JsonSchemaObject {
  return { type: 'string', minLength: 1, maxLength, description };
}

/** The id of the record in one named system (crmAccountId, erpProjectNo, …). */
export function externalId(description: string): JsonSchemaObject {
  return { type: 'string', minLength: 1, maxLength: 100, description };
}

export function oneOf(values: string[], description: string): JsonSchemaObject {
  return { type: 'string', enum: values, description };
}

/** A closed object (value objects inside a record: addresses, lines, rates). */
export function closed(
  required: string[],
  properties: Record<string, JsonSchemaObject>,
  description?: string,
): JsonSchemaObject {
  return { type: 'object', ...(description ? { description } : {}), required, additionalProperties: false, properties };
}

/**
 * One canonical record. Records are closed (`additionalProperties: false`) so that a misspelt optional
 * field is reported instead of silently passing; fields no canonical name covers go in `extensions`.
 * Only keywords with the same meaning in draft-07, 2019-09 and 2020-12 are used (`$ref` siblings are
 * annotations only; no tuple `items`, no `dependencies`), so the schemas work unchanged in every engine.
 */
export function record(d: {
  name: string;
  description: string;
  required: string[];
  properties: Record<string, JsonSchemaObject>;
  allOf?: JsonSchemaObject[];
}): JsonSchemaObject {
  return {
    $schema: DRAFT_07,
    $id: CANONICAL_PREFIX + d.name,
    title: d.name,
    description: d.description,
    type: 'object',
    required: d.required,
    additionalProperties: false,
    properties: { ...d.properties, extensions: def('Extensions') },
    ...(d.allOf ? { allOf: d.allOf } : {}),
  };
}
