import { createRoute, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { RouteTable, type Access, type RouteAccess } from '../security/route-roles.ts';

/** The operation field that carries a route's access, in the registry and in the OpenAPI document. */
export const ACCESS_FIELD = 'x-weft-access';

/**
 * An API route and who may call it, declared together: `access` is required, travels with the route
 * into the OpenAPI document (x-weft-access) and is what the authorize middleware enforces.
 */
export function route<P extends string, R extends Omit<RouteConfig, 'path'> & { path: P; access: Access }>(config: R) {
  const { access, ...rest } = config;
  return createRoute({ ...rest, [ACCESS_FIELD]: access } as Omit<R, 'access'> & { path: P });
}

/**
 * The route table of `api` mounted at `mount`: every route it registered with route() (at its own
 * server's path if it names one), plus `plain`
 * routes served without an OpenAPI description. A registered route without a declared access stops
 * the start: nothing is reachable without a decision about who may call it.
 */
export function routeTableOf(api: OpenAPIHono, mount: string, plain: RouteAccess[] = []): RouteTable {
  const routes: RouteAccess[] = [];
  for (const d of api.openAPIRegistry.definitions) {
    if (d.type !== 'route') continue;
    const access = (d.route as Record<string, unknown>)[ACCESS_FIELD] as Access | undefined;
    if (!access) throw new Error(`${d.route.method.toUpperCase()} ${d.route.path} declares no access`);
    // A route served outside the mount names its own server (GET /readyz at the root).
    const at = d.route.servers?.[0]?.url.replace(/\/$/, '') ?? mount;
    routes.push({ method: d.route.method, path: at + d.route.path, access });
  }
  for (const p of plain) routes.push({ ...p, path: mount + p.path });
  return new RouteTable(routes);
}
