import { OpenAPIHono, z } from '@hono/zod-openapi';
import { zodErrorResponse } from './errors.ts';

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .openapi('Error');

export function jsonContent<S extends z.ZodType>(schema: S, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export function jsonBody<S extends z.ZodType>(schema: S) {
  return { content: { 'application/json': { schema } }, required: true };
}

/** Error responses every route may give. */
export const errorResponses = {
  400: jsonContent(errorSchema, 'The request is malformed; `details.issues` lists what and where'),
  404: jsonContent(errorSchema, 'Not found'),
  409: jsonContent(errorSchema, 'Conflict with the current state'),
};

export const anyJson = z.any();

/** An OpenAPIHono whose validation failures become our 400 error body (JSON bodies are guarded in app.ts). */
export function newApi() {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return zodErrorResponse(c, result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
}
