import { OpenAPIHono, z } from '@hono/zod-openapi';
import { zodErrorResponse } from './errors.ts';
import { describeAccess, errorResponseComponents, ERROR_RESPONSES } from './openapi-access.ts';
import type { RouteAccess } from '../security/route-roles.ts';

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .openapi('Error');

export function jsonContent<S extends z.ZodType>(schema: S, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export function jsonBody<S extends z.ZodType>(schema: S) {
  return { content: { 'application/json': { schema } }, required: true };
}

/** A JSON body that may be left out (absent or empty means {}). */
export function optionalJsonBody<S extends z.ZodType>(schema: S) {
  return { content: { 'application/json': { schema } }, required: false };
}

/** Error answers of a route's own (401, 403, 413 and 415 come from the route-access table and the body checks). */
export function errors<const S extends 400 | 404 | 409>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((s) => [s, jsonContent(errorSchema, ERROR_RESPONSES[s]![1])])) as {
    [K in S]: ReturnType<typeof jsonContent<typeof errorSchema>>;
  };
}

/**
 * Gives a schema its component name. Schemas from shared/ may have been built before the OpenAPI
 * methods were added to zod (zod copies methods onto each schema when it is made), so this names a copy.
 */
export function named<S extends z.ZodType>(schema: S, name: string): S {
  return (schema.clone() as S).openapi(name);
}

/** A named schema or null (`.nullable()` on a named schema would render as an allOf no value fits). */
export function orNull<S extends z.ZodType>(schema: S) {
  return z.union([schema, z.null()]);
}

/**
 * An integer in the query string: digits with an optional minus sign, nothing else (an empty value
 * or "null" is refused, not read as 0).
 */
export const queryInteger = z
  .string()
  .refine((s) => /^-?\d{1,15}$/.test(s), 'must be an integer')
  .transform(Number)
  .openapi({ type: 'integer' });

/** A time in the query string: milliseconds since the epoch, or ISO 8601 with an offset. */
export const queryTime = z
  .union([queryInteger, z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))])
  .openapi({ description: 'Milliseconds since the epoch, or ISO 8601 with a time zone' });

/** An OpenAPIHono whose validation failures become our 400 error body (JSON bodies are guarded in app.ts). */
export function newApi() {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return zodErrorResponse(c, result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
}

const INFO = {
  title: 'Weft API',
  version: '1',
  description:
    'Flows, versions, runs and the node catalogue of a Weft runtime. Errors are {error:{code,message,details}}. ' +
    'Callers authenticate with an API token (Authorization: Bearer weft_…) or the session cookie of a sign-in; ' +
    'a cookie session sends X-CSRF-Token on every request that is not a GET. Each operation names the role it needs in x-weft-access.',
};

/** The OpenAPI 3.1 document of `api` (mounted at /api): routes, schemas, security and the error answers. */
export function apiDocument(api: OpenAPIHono) {
  const registry = api.openAPIRegistry;
  if (!registry.definitions.some((d) => d.type === 'component' && d.componentType === 'securitySchemes')) {
    registry.registerComponent('securitySchemes', 'bearerToken', {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'weft_…',
      description: 'An API token (weft_…) made by an admin (POST /api/tokens), or WEFT_BOOTSTRAP_TOKEN',
    });
    registry.registerComponent('securitySchemes', 'sessionCookie', {
      type: 'apiKey',
      in: 'cookie',
      name: 'weft_session',
      description: 'The HttpOnly session cookie set by POST /api/auth/login or /api/auth/setup',
    });
    registry.registerComponent('securitySchemes', 'csrfToken', {
      type: 'apiKey',
      in: 'header',
      name: 'X-CSRF-Token',
      description:
        'With a session cookie, every request that is not a GET sends the csrfToken of the sign-in (or of GET /api/auth/session)',
    });
    for (const [name, response] of errorResponseComponents()) registry.registerComponent('responses', name, response);
  }
  const doc = api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: INFO,
    servers: [{ url: '/api', description: 'This runtime: the API is served under /api' }],
    tags: [
      { name: 'auth', description: 'Sign-in, sign-out, owner set-up' },
      { name: 'flows', description: 'Drafts, versions, activation, test runs' },
      { name: 'runs', description: 'Run history and what operators do to runs' },
      { name: 'catalogue', description: 'Node kinds, canonical schemas, expression preview' },
      { name: 'connections', description: 'Stored connections to other systems' },
      { name: 'operations', description: 'Circuits, rate limits, workers, metrics' },
      { name: 'users', description: 'Users and API tokens' },
      { name: 'audit', description: 'The hash-chained audit log' },
      { name: 'retention', description: 'How long run data is kept' },
    ],
  });
  describeAccess(doc);
  return doc;
}

/** Serves the document at `path` of `api` to anyone, built once on first request; returns the route and its access. */
export function serveDocument(api: OpenAPIHono, path = '/openapi.json'): RouteAccess {
  let doc: ReturnType<typeof apiDocument> | undefined;
  api.get(path, (c) => {
    doc ??= apiDocument(api);
    return c.json(doc);
  });
  return { method: 'GET', path, access: 'public' };
}
