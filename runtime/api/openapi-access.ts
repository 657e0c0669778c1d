import { accessFor, type Access } from '../security/route-roles.ts';

type Json = Record<string, unknown>;
interface Operation {
  security?: Json[];
  requestBody?: { required?: boolean };
  responses: Record<string, unknown>;
  [extension: `x-${string}`]: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
const answer = (description: string) => ({ description, content: errorContent });

function forbidden(access: Access, method: string): string | null {
  const csrf = method === 'get' ? '' : 'a cookie session without its X-CSRF-Token';
  const role = access === 'signed_in' || access === 'analyst' ? '' : `the caller's role is below ${access}`;
  if (!csrf && !role) return null;
  return `Forbidden: ${[role, csrf].filter(Boolean).join('; or ')}`;
}

/**
 * Completes every operation of the document with what the middleware in front of the routes does:
 * who may call it (security, x-weft-access, 401 and 403, from the route-access table), and the
 * answers of the body checks (400 from the JSON guard, 413 over the size limit, 415 for a body
 * that is not JSON on a route that takes one).
 */
export function describeAccess(doc: { paths?: object }): void {
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, unknown>>))
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const access = accessFor(method.toUpperCase(), `/api${path.replace(/\{[^}]+\}/g, '_')}`);
      op['x-weft-access'] = access;
      const r = op.responses;
      if (access === 'public') op.security ??= [];
      else {
        op.security ??= method === 'get'
          ? [{ bearerToken: [] }, { sessionCookie: [] }]
          : [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }];
        r['401'] ??= answer('Not signed in: no valid API token or session cookie');
        const why = forbidden(access, method);
        if (why) r['403'] ??= answer(why);
      }
      if (method !== 'get') {
        r['400'] ??= answer('The body is not JSON a parser keeps exactly (numbers beyond a double, nesting past the limit)');
        r['413'] ??= answer('The body is larger than the limit (WEFT_BODY_LIMIT_MB); the connection is closed');
      }
      if (op.requestBody) r['415'] ??= answer('The body is not JSON (Content-Type must be application/json)');
      op.responses = Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
    }
}
