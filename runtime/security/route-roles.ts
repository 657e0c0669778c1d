import type { Role } from '../../shared/identity.ts';

/** Who may call a route: anyone, anyone signed in, or a role and the roles above it. */
export type Access = 'public' | 'signed_in' | Role;

/** One route and the access it declares: `path` as OpenAPI writes it ("/api/runs/{id}"). */
export interface RouteAccess {
  method: string;
  path: string;
  access: Access;
}

interface Compiled extends RouteAccess {
  /** "GET /api/runs/{id}" */
  key: string;
  re: RegExp;
  /** Literal segments: literal routes win over parameters (runs/failed/summary before runs/{id}). */
  literal: number;
}

/**
 * The access of every API route, gathered from the routes' own declarations (api/route.ts), never
 * written down twice. The authorize middleware asks it what a request needs; unknown /api paths need
 * a sign-in (and then answer 404). Webhooks (/hooks/*) are outside /api: they are checked per flow.
 */
export class RouteTable {
  private readonly compiled: Compiled[];

  constructor(routes: Iterable<RouteAccess>) {
    const seen = new Map<string, Access>();
    this.compiled = [];
    for (const r of routes) {
      const method = r.method.toUpperCase();
      const key = `${method} ${r.path}`;
      if (seen.has(key) && seen.get(key) !== r.access)
        throw new Error(`${key} is declared twice, as ${seen.get(key)} and as ${r.access}`);
      if (seen.has(key)) continue;
      seen.set(key, r.access);
      const segments = r.path.split('/');
      this.compiled.push({
        method,
        path: r.path,
        access: r.access,
        key,
        re: new RegExp(`^${segments.map((s) => (s.startsWith('{') ? '[^/]+' : literally(s))).join('/')}/?$`),
        literal: segments.filter((s) => !s.startsWith('{')).length,
      });
    }
    this.compiled.sort((a, b) => b.literal - a.literal);
  }

  /** Every route with its access, named "METHOD /api/path/{param}". */
  entries(): { key: string; method: string; path: string; access: Access }[] {
    return this.compiled
      .map(({ key, method, path, access }) => ({ key, method, path, access }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  /**
   * The route a request is for, as this table names it ("GET /api/runs/{id}"), and the access it needs.
   * Every unknown /api path has one name and needs a sign-in (and then answers 404).
   */
  match(method: string, path: string): { name: string; access: Access } {
    const r = this.routeOf(method, path);
    return r
      ? { name: r.key, access: r.access }
      : { name: `${method.slice(0, 10)} (unknown /api path)`, access: 'signed_in' };
  }

  private routeOf(method: string, path: string): Compiled | undefined {
    const m = method === 'HEAD' ? 'GET' : method;
    return this.compiled.find((r) => r.method === m && r.re.test(path));
  }
}

const literally = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
