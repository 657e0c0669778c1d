import type { JsonSchema } from '../api/types.ts';

/** The parts of a JSON Schema an example is made from, beyond what the catalogue's schemas use. */
export type Schema = JsonSchema & {
  const?: unknown;
  example?: unknown;
  examples?: unknown[];
  format?: string;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
};

const MAX_DEPTH = 8;

/**
 * A value of the shape `schema` describes: its own example where it gives one, else one made from its
 * types (an object with every property, an array of one item). The designer offers its fields for
 * completion and mapping before a test run has shown a real answer.
 */
export function exampleOf(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > MAX_DEPTH) return null;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const alternative = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (alternative) return exampleOf(alternative, depth + 1);
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => exampleOf(s, depth + 1));
    return parts.every((p) => p !== null && typeof p === 'object' && !Array.isArray(p))
      ? Object.assign({}, ...parts)
      : parts[0];
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' || (type === undefined && schema.properties))
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, exampleOf(s, depth + 1)]));
  if (type === 'array') return [exampleOf(schema.items, depth + 1)];
  if (type === 'integer' || type === 'number') return 0;
  if (type === 'boolean') return false;
  if (type === 'string') return stringExample(schema.format);
  return null;
}

function stringExample(format: string | undefined): string {
  if (format === 'date-time') return '2026-01-31T09:00:00Z';
  if (format === 'date') return '2026-01-31';
  if (format === 'email') return 'name@example.com';
  if (format === 'uri' || format === 'url') return 'https://example.com/';
  if (format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  return 'text';
}
