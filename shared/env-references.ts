import jsonata from 'jsonata';

/** One `$env.NAME` in an expression: the name and where it starts in the source. */
export interface EnvReference {
  name: string;
  position?: number;
}

interface Node {
  type?: string;
  value?: unknown;
  position?: number;
  steps?: Node[];
}

/**
 * The variables an expression reads as `$env.NAME` (also `$env.\`NAME\``), from its JSONata syntax tree:
 * names in strings or comments do not count, and a name read twice is listed once. Expressions that do
 * not parse read nothing (the syntax check reports them). Names computed at run time
 * (`$lookup($env, key)`) cannot be known before the run and are not listed.
 */
export function envReferences(source: string): EnvReference[] {
  let ast: unknown;
  try {
    ast = jsonata(source).ast();
  } catch {
    return [];
  }
  const found = new Map<string, EnvReference>();
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    const n = v as Node;
    if (n.type === 'path' && Array.isArray(n.steps)) {
      const [first, second] = n.steps;
      if (first?.type === 'variable' && first.value === 'env' && second?.type === 'name') {
        const name = String(second.value);
        // JSONata places a token where it ends: "$env" starts four characters before.
        const at = typeof first.position === 'number' ? first.position - 4 : undefined;
        if (!found.has(name)) found.set(name, { name, position: at });
      }
    }
    for (const x of Object.values(n)) if (typeof x === 'object') walk(x);
  };
  walk(ast);
  return [...found.values()];
}
