import type { Access } from '../security/route-roles.ts';
import { ACCESS_FIELD } from './route.ts';

type Json = Record<string, unknown>;
interface Response {
  description?: string;
  content?: Record<string, { schema?: Json }>;
  $ref?: string;
}
interface Operation {
  security?: Json[];
  requestBody?: unknown;
  responses: Record<string, Response>;
  [extension: `x-${string}`]: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ERROR_REF = '#/components/schemas/Error';

/** The error answers every operation shares, as components.responses (name, and what it means). */
export const ERROR_RESPONSES: Record<string, [name: string, description: string]> = {
  400: [
    'BadRequest',
    'The request is malformed (`details.issues` lists what and where), or its body is JSON a parser would not keep exactly (numbers beyond a double, nesting past the limit)',
  ],
  401: ['Unauthenticated', 'Not signed in: no valid API token or session cookie'],
  403: [
    'Forbidden',
    "Forbidden: the caller's role is below the one the operation needs (x-weft-access), or a cookie session did not send its X-CSRF-Token",
  ],
  404: ['NotFound', 'Not found'],
  409: ['Conflict', 'Conflict with the current state'],
  413: ['PayloadTooLarge', 'The body is larger than the limit (WEFT_BODY_LIMIT_MB); the connection is closed'],
  415: ['UnsupportedMediaType', 'The body is not JSON (Content-Type must be application/json)'],
  429: ['TooManyRequests', 'Too many attempts; Retry-After says when to try again'],
};

/** The components.responses entries of ERROR_RESPONSES. */
export function errorResponseComponents(): [
  string,
  { description: string; content: { 'application/json': { schema: { $ref: string } } } },
][] {
  return Object.values(ERROR_RESPONSES).map(([name, description]) => [
    name,
    { description, content: { 'application/json': { schema: { $ref: ERROR_REF } } } },
  ]);
}

const ref = (status: number): Response => ({ $ref: `#/components/responses/${ERROR_RESPONSES[status]![0]}` });

/** An error answer with the shared Error body becomes a reference (keeping a description of its own). */
function shared(status: string, r: Response): Response {
  const named = ERROR_RESPONSES[status];
  const content = r.content ? Object.keys(r.content) : [];
  if (!named || r.$ref || content.length !== 1 || r.content!['application/json']?.schema?.$ref !== ERROR_REF) return r;
  return r.description && r.description !== named[1]
    ? { ...ref(Number(status)), description: r.description }
    : ref(Number(status));
}

/**
 * Completes every operation of the document with what the middleware in front of the routes does:
 * who may call it (security, 401 and 403, from the access the route declares in x-weft-access), and the
 * answers of the body checks (400 from the JSON guard, 413 over the size limit, 415 for a body
 * that is not JSON on a route that takes one).
 */
export function describeAccess(doc: { paths?: object }): void {
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, unknown>>))
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const access = op[ACCESS_FIELD] as Access | undefined;
      if (!access) throw new Error(`${method.toUpperCase()} ${path} declares no access`);
      const r = op.responses;
      if (access === 'public') op.security ??= [];
      else {
        op.security ??=
          method === 'get'
            ? [{ bearerToken: [] }, { sessionCookie: [] }]
            : [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }];
        r['401'] ??= ref(401);
        // Every signed-in caller has at least the analyst role; only a cookie session can miss its CSRF token.
        if (method !== 'get' || (access !== 'signed_in' && access !== 'analyst')) r['403'] ??= ref(403);
      }
      if (method !== 'get') {
        r['400'] ??= ref(400);
        r['413'] ??= ref(413);
      }
      if (op.requestBody) r['415'] ??= ref(415);
      op.responses = Object.fromEntries(
        Object.entries(r)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([s, x]) => [s, shared(s, x)]),
      );
    }
}
