import { pathSegment } from '../../../shared/mapping/generate.ts';

/** One field of the source the mapper offers for dragging. */
export interface SourceNode {
  key: string;
  /** Keys from the source's root (lists are looked through, as JSONata paths do). */
  path: string[];
  type: 'object' | 'list' | 'string' | 'number' | 'boolean' | 'null';
  /** A sample value of a plain field, shortened. */
  example?: string;
  children: SourceNode[];
}

/** How many items of a list are looked at to learn their fields. */
const SAMPLED_ITEMS = 20;
const MAX_DEPTH = 6;

function typeOf(v: unknown): SourceNode['type'] {
  if (Array.isArray(v)) return 'list';
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

function shorten(v: unknown): string {
  const s = JSON.stringify(v) ?? '';
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** The fields of a sample value as a tree; keys JSONata cannot name in a path are left out. */
export function sourceTree(value: unknown, path: string[] = [], depth = 0): SourceNode[] {
  const objects = (Array.isArray(value) ? value.slice(0, SAMPLED_ITEMS) : [value]).filter(
    (v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v),
  );
  if (objects.length === 0 || depth > MAX_DEPTH) return [];
  const values = new Map<string, unknown[]>();
  for (const o of objects)
    for (const [k, v] of Object.entries(o)) {
      if (pathSegment(k) === null) continue;
      values.set(k, [...(values.get(k) ?? []), v]);
    }
  return [...values].map(([key, vs]) => {
    const present = vs.find((v) => v !== null && v !== undefined);
    const type = typeOf(present);
    const childPath = [...path, key];
    const items = type === 'list' ? vs.flatMap((v) => (Array.isArray(v) ? v : [])) : vs;
    const node: SourceNode = { key, path: childPath, type, children: [] };
    if (type === 'object' || type === 'list') node.children = sourceTree(items, childPath, depth + 1);
    else node.example = shorten(present ?? null);
    return node;
  });
}
