import type { JsonSchema } from '../api/types.ts';
import { MAPPER_META } from '../../../shared/mapping/check.ts';

/** The expression field a kind's config marks for the mapper, and the field holding its target schema. */
export function mapperFields(configSchema: JsonSchema): { field: string; schemaField: string } | null {
  for (const [field, s] of Object.entries(configSchema.properties ?? {})) {
    const schemaField = (s as Record<string, unknown>)[MAPPER_META];
    if (typeof schemaField === 'string') return { field, schemaField };
  }
  return null;
}
