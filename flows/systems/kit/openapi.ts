import { z } from 'zod';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One documented route of a sample system, described by the zod schemas it validates with. */
export interface Operation {
  method: Method;
  /** Below the system's basePath, Hono style: "/projects/:code". */
  path: string;
  /** camelCase: "createProject". */
  operationId: string;
  summary: string;
  /** Path parameters by name, with what each one names. */
  params?: Record<string, string>;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Status → description and the answered body's schema. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

/** The error body every sample system answers with (kit/errors.ts). */
export const errorBody = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** A money amount as the systems answer it: a decimal string with two places. */
export const moneyOut = z.string().regex(/^-?\d+\.\d{2}$/);

/** The 400 every route that reads a body or query may answer. */
export const badRequest = { description: 'Malformed JSON or a field that fails validation', schema: errorBody };
export const notFoundAnswer = { description: 'No such record', schema: errorBody };
export const conflictAnswer = { description: 'Conflicts with an existing record or its state', schema: errorBody };
export const rateLimited = { description: 'Too many requests; Retry-After says when to come back', schema: errorBody };
export const unprocessable = { description: 'Refers to unknown records or breaks a rule', schema: errorBody };

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;

function withoutDialect(s: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _, ...rest } = s;
  return rest;
}

function parameters(op: Operation): unknown[] {
  const out: unknown[] = [];
  for (const [name, description] of Object.entries(op.params ?? {}))
    out.push({ name, in: 'path', required: true, description, schema: { type: 'string' } });
  if (op.query) {
    const q = jsonSchema(op.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      const { description, ...rest } = schema as { description?: string };
      out.push({
        name,
        in: 'query',
        required: q.required?.includes(name) ?? false,
        ...(description && { description }),
        schema: rest,
      });
    }
  }
  return out;
}

/** The OpenAPI 3.1 document of a system, generated from the schemas its routes validate with. */
export function openApiDocument(
  system: { name: string; basePath: string; title: string; description: string },
  operations: Operation[],
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = toOpenApiPath(`${system.basePath}${op.path}`);
    paths[path] ??= {};
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses))
      responses[status] = {
        description: r.description,
        ...(r.schema && {
          content: { 'application/json': { schema: withoutDialect(jsonSchema(r.schema, 'output')) } },
        }),
      };
    const params = parameters(op);
    paths[path][op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(params.length > 0 && { parameters: params }),
      ...(op.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: withoutDialect(jsonSchema(op.body, 'input')) } },
        },
      }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: system.title, version: '1.0.0', description: system.description },
    servers: [{ url: `/${system.name}`, description: 'Relative to where the sample systems are served' }],
    paths,
  };
}
