import { parse } from './parse.ts';
import { isUnsupported } from './model.ts';
import { targetFields, unmappedRequired, type SchemaResolver } from './target.ts';

/** The config field of a map node's expression that the mapper edits names the field holding its target schema. */
export const MAPPER_META = 'x-weft-mapper';

export interface MappingFinding {
  message: string;
  /** The config field the finding is about. */
  field: string;
}

/** A short name for a target schema: "canonical:TimeEntry", its title, or `otherwise`. */
export function targetName(schema: Record<string, unknown>, otherwise = 'the target schema'): string {
  if (typeof schema.$ref === 'string') return schema.$ref;
  return typeof schema.title === 'string' ? schema.title : otherwise;
}

/**
 * What the static check says about a mapping and its target schema: each required target field it leaves
 * unmapped. Expressions the mapper cannot read are not judged (their fields cannot be known before a run).
 */
export function mappingFindings(
  expression: unknown,
  targetSchema: unknown,
  resolve: SchemaResolver,
  expressionField = 'expression',
  schemaField = 'targetSchema',
): MappingFinding[] {
  if (typeof targetSchema !== 'object' || targetSchema === null || Array.isArray(targetSchema)) return [];
  const schema = targetSchema as Record<string, unknown>;
  const name = targetName(schema);
  const fields = targetFields(schema, resolve);
  if (fields.length === 0)
    return [{ field: schemaField, message: `${name} names no fields to map (is the schema or model name right?)` }];
  if (typeof expression !== 'string') return [];
  const mapping = parse(expression);
  if (isUnsupported(mapping)) return [];
  return unmappedRequired(mapping, fields).map((path) => ({
    field: expressionField,
    message: `the required field "${path.join('.')}" of ${name} is not mapped`,
  }));
}
