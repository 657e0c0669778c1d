import { pathSegment } from '../../../shared/mapping/generate.ts';

/** A key as one JSONata path step (one rule for the editor's completion and the mapper's JSONata). */
export { pathSegment };

/** How many elements of an array (and samples of one field) are looked at to learn its fields. */
const SAMPLED_VALUES = 20;

/** The key a path step names: `first name` → first name. */
export function segmentKey(segment: string): string {
  return segment.length >= 2 && segment.startsWith('`') && segment.endsWith('`') ? segment.slice(1, -1) : segment;
}

/** Splits a dotted path into its steps, keeping backtick-quoted steps whole. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of path) {
    if (ch === '`') quoted = !quoted;
    if (ch === '.' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The objects among sample values, looking through (nested) arrays the way JSONata paths do. */
function objectsIn(values: unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown, budget: number) => {
    if (out.length >= SAMPLED_VALUES || budget < 0) return;
    if (isRecord(v)) out.push(v);
    else if (Array.isArray(v)) for (const item of v.slice(0, SAMPLED_VALUES)) visit(item, budget - 1);
  };
  for (const v of values) visit(v, 8);
  return out;
}

/**
 * Every field path of a sample value, shallow paths first, in JSONata form:
 * arrays are looked through without an index (`lines.amount`) and keys that
 * are not plain names are backtick-quoted (`` `first name` ``).
 */
export function fieldPaths(sample: unknown, maxDepth = 5, maxPaths = 500): string[] {
  const out: string[] = [];
  let level: { path: string; values: unknown[] }[] = [{ path: '', values: [sample] }];
  for (let depth = 1; depth <= maxDepth && level.length > 0 && out.length < maxPaths; depth++) {
    const next: typeof level = [];
    for (const { path, values } of level) {
      const children = new Map<string, unknown[]>();
      for (const obj of objectsIn(values))
        for (const [key, value] of Object.entries(obj)) {
          const seen = children.get(key);
          if (!seen) children.set(key, [value]);
          else if (seen.length < SAMPLED_VALUES) seen.push(value);
        }
      for (const [key, childValues] of children) {
        const segment = pathSegment(key);
        if (segment === null) continue;
        const childPath = path ? `${path}.${segment}` : segment;
        out.push(childPath);
        if (out.length >= maxPaths) return out;
        next.push({ path: childPath, values: childValues });
      }
    }
    level = next;
  }
  return out;
}
