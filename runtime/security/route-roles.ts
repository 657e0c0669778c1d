import type { Role } from '../../shared/identity.ts';

/** Who may call a route: anyone, anyone signed in, or a role and the roles above it. */
export type Access = 'public' | 'signed_in' | Role;

/**
 * The role every API route needs, in one place. The route-access test checks this table against
 * the OpenAPI document (no route without an entry) and calls every route as every role.
 * Webhooks (/hooks/*) are outside /api: they are checked per flow (signature or secret header).
 */
export const ROUTE_ACCESS: Record<string, Access> = {
  'GET /api/openapi.json': 'public',
  'GET /api/auth/status': 'public',
  'POST /api/auth/setup': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'signed_in',
  'GET /api/auth/session': 'public',
  'POST /api/auth/password': 'signed_in',

  'GET /api/node-types': 'analyst',
  'GET /api/canonical-schemas': 'analyst',
  'POST /api/expressions/evaluate': 'analyst',

  'GET /api/flows': 'analyst',
  'POST /api/flows': 'analyst',
  'GET /api/flows/{id}': 'analyst',
  'PUT /api/flows/{id}': 'analyst',
  'DELETE /api/flows/{id}': 'operator',
  'POST /api/flows/{id}/validate': 'analyst',
  'POST /api/flows/{id}/test': 'analyst',
  'POST /api/flows/{id}/publish': 'operator',
  'POST /api/flows/{id}/activate': 'operator',
  'POST /api/flows/{id}/deactivate': 'operator',
  'GET /api/flows/{id}/versions': 'analyst',
  'GET /api/flows/{id}/versions/{version}': 'analyst',

  'GET /api/runs': 'analyst',
  'GET /api/runs/{id}': 'analyst',
  'GET /api/runs/failed/summary': 'operator',
  'POST /api/runs/{id}/retry': 'operator',
  'POST /api/runs/{id}/replay': 'operator',
  'POST /api/runs/{id}/discard': 'operator',
  'POST /api/runs/{id}/cancel': 'operator',
  'POST /api/runs/{id}/approve': 'operator',
  'POST /api/runs/{id}/reject': 'operator',
  'POST /api/runs/bulk': 'operator',

  'GET /api/circuits': 'operator',
  'GET /api/workers': 'operator',
  'GET /api/metrics': 'operator',

  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/{id}': 'admin',
  'GET /api/tokens': 'admin',
  'POST /api/tokens': 'admin',
  'DELETE /api/tokens/{id}': 'admin',
  'GET /api/audit': 'admin',
  'GET /api/audit/verify': 'admin',

  'GET /api/connections': 'analyst',
  'POST /api/connections': 'admin',
  'GET /api/connections/{id}': 'analyst',
  'PUT /api/connections/{id}': 'admin',
  'DELETE /api/connections/{id}': 'admin',
  'POST /api/connections/{id}/test': 'admin',

  'GET /api/retention': 'admin',
  'PUT /api/retention/{flowId}': 'admin',
  'DELETE /api/retention/{flowId}': 'admin',
  'POST /api/retention/run': 'admin',
};

const compiled = Object.entries(ROUTE_ACCESS)
  .map(([key, access]) => {
    const [method, path] = key.split(' ') as [string, string];
    // Literal segments win over parameters (runs/failed/summary before runs/{id}).
    const literal = path.split('/').filter((s) => !s.startsWith('{')).length;
    return { key, method, re: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`), access, literal };
  })
  .sort((a, b) => b.literal - a.literal);

const routeOf = (method: string, path: string) => {
  const m = method === 'HEAD' ? 'GET' : method;
  return compiled.find((r) => r.method === m && r.re.test(path));
};

/** The access a request needs; unknown /api paths need a sign-in (and then answer 404). */
export function accessFor(method: string, path: string): Access {
  return routeOf(method, path)?.access ?? 'signed_in';
}

/** The route a request is for, as this table names it ("GET /api/runs/{id}"); one name for every unknown path. */
export function routeNameFor(method: string, path: string): string {
  return routeOf(method, path)?.key ?? `${method.slice(0, 10)} (unknown /api path)`;
}
