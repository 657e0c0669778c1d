import type { Hono } from 'hono';

interface PathMethods {
  pattern: RegExp;
  methods: Set<string>;
}

/**
 * The methods an app's routes answer on a path, from its registered routes (`app.routes`), for the
 * Allow header of a 405. Middleware and catch-all routes (method ALL, paths ending in `*`) are left
 * out; HEAD is allowed wherever GET is. Read once, on the first call, when every route is registered.
 */
export function allowedMethods(app: Hono, prefix: string): (path: string) => string[] {
  let table: PathMethods[] | null = null;
  const build = (): PathMethods[] => {
    const byPath = new Map<string, Set<string>>();
    for (const r of app.routes) {
      if (r.method === 'ALL' || r.path.endsWith('*') || !r.path.startsWith(prefix)) continue;
      const methods = byPath.get(r.path) ?? new Set<string>();
      methods.add(r.method.toUpperCase());
      if (r.method.toUpperCase() === 'GET') methods.add('HEAD');
      byPath.set(r.path, methods);
    }
    return [...byPath].map(([path, methods]) => ({ pattern: patternOf(path), methods }));
  };
  return (path) => {
    table ??= build();
    const allowed = new Set<string>();
    for (const t of table) if (t.pattern.test(path)) for (const m of t.methods) allowed.add(m);
    return [...allowed].sort();
  };
}

/** A route path such as `/api/flows/:id` as an anchored expression; a parameter is one path segment. */
function patternOf(path: string): RegExp {
  const parts = path
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}$`);
}
