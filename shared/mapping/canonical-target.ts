import { CANONICAL_PREFIX, canonicalSchemas } from '../canonical/index.ts';
import type { SchemaResolver } from './target.ts';

/** Resolves "canonical:<Name>" to the canonical model's schema. */
export const canonicalResolver: SchemaResolver = (ref) =>
  ref.startsWith(CANONICAL_PREFIX)
    ? (canonicalSchemas[ref.slice(CANONICAL_PREFIX.length)] as Record<string, unknown> | undefined)
    : undefined;
