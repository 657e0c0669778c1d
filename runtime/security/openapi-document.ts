import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { extractOperations } from '../../shared/openapi/extract.ts';
import type { Operation } from '../../shared/openapi/operation.ts';
import { contentHash } from '../flows/canonical-json.ts';

/** Largest document accepted, in characters. */
export const MAX_DOCUMENT_CHARS = 5_000_000;

const OPTIONS = {
  // Only the document itself: a $ref to another file or URL would reach past the egress guard.
  resolve: { external: false, file: false },
  dereference: { circular: 'ignore' as const },
  timeoutMs: 10_000,
};

const bad = (message: string, details?: Record<string, unknown>) =>
  new WeftError(ErrorCodes.badRequest, message, { retryable: false, details });

/** JSON or YAML text as an object; what cannot be read is refused naming the line. */
async function readText(text: string): Promise<Record<string, unknown>> {
  if (text.length > MAX_DOCUMENT_CHARS)
    throw bad(`the OpenAPI document is ${text.length} characters; at most ${MAX_DOCUMENT_CHARS} are accepted`);
  let doc: unknown;
  const trimmed = text.trimStart();
  try {
    doc = trimmed.startsWith('{') ? JSON.parse(text) : (await import('yaml')).parse(text, { maxAliasCount: 1000 });
  } catch (err) {
    throw bad(`the OpenAPI document is neither valid JSON nor YAML: ${(err as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw bad('the OpenAPI document must be an object');
  return doc as Record<string, unknown>;
}

export interface ReadDocument {
  document: Record<string, unknown>;
  hash: string;
  operations: Operation[];
}

/**
 * Reads, validates and resolves an OpenAPI 3.0 or 3.1 document (JSON or YAML text, or already parsed):
 * a bad document is refused with what is wrong and where; a circular $ref stays a $ref.
 */
export async function readOpenApi(input: string | Record<string, unknown>): Promise<ReadDocument> {
  const document = typeof input === 'string' ? await readText(input) : input;
  const version = document.openapi;
  if (typeof version !== 'string' || !/^3\.[01]\.\d+$/.test(version))
    throw bad(
      `openapi: ${version === undefined ? 'missing' : JSON.stringify(version)}; an OpenAPI 3.0.x or 3.1.x document is needed (Swagger 2.0 is not read)`,
      { path: 'openapi' },
    );
  // The parser is loaded when a document is first read: a runtime that reads none carries none of it.
  let result: Awaited<ReturnType<typeof import('@readme/openapi-parser')['validate']>>;
  try {
    const { validate } = await import('@readme/openapi-parser');
    result = await validate(structuredClone(document) as never, OPTIONS);
  } catch (err) {
    throw bad(`the OpenAPI document cannot be read: ${(err as Error).message}`);
  }
  if (!result.valid)
    throw bad(
      `the OpenAPI document is not valid: ${result.errors
        .slice(0, 5)
        .map((e) => e.message)
        .join('; ')}`,
      { errors: result.errors.slice(0, 50).map((e) => e.message) },
    );
  let resolved: unknown;
  try {
    const { dereference } = await import('@readme/openapi-parser');
    resolved = await dereference(structuredClone(document) as never, OPTIONS);
  } catch (err) {
    throw bad(`a $ref of the OpenAPI document cannot be resolved: ${(err as Error).message}`);
  }
  // A copy without shared objects: what is stored as JSON is a tree.
  const operations = JSON.parse(JSON.stringify(extractOperations(resolved))) as Operation[];
  return { document, hash: contentHash(document), operations };
}
