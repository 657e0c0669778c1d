/*
 * The text of the files `weft export` writes: the same content always gives the same bytes. Objects of a
 * flow definition keep a fixed key order where people read them (a flow, a node, an edge: id first); every
 * other object has its keys in code-unit order; arrays keep their order. Two-space indentation and a
 * trailing newline, as editors and `git diff` expect.
 */

type Plain = Record<string, unknown>;

const FLOW_KEYS = ['id', 'name', 'description', 'schemaVersion', 'settings', 'nodes', 'edges', 'samples', 'tests'];
const NODE_KEYS = ['id', 'type', 'typeVersion', 'name', 'description', 'parentId', 'config', 'ui'];
const EDGE_KEYS = ['id', 'source', 'sourcePort', 'target', 'targetPort'];
const UI_KEYS = ['position', 'color', 'collapsed'];
const POSITION_KEYS = ['x', 'y'];

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `value` with every object's keys sorted (undefined values left out). */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isPlain(value)) return value;
  return ordered(value, [], sortedKeys);
}

/** The keys of `first` in that order, then the rest sorted; each value mapped by `inner`. */
function ordered(o: Plain, first: string[], inner: (v: unknown, key: string) => unknown): Plain {
  const rest = Object.keys(o)
    .filter((k) => !first.includes(k))
    .sort(byCodeUnit);
  const out: Plain = {};
  for (const k of [...first, ...rest]) if (Object.hasOwn(o, k) && o[k] !== undefined) out[k] = inner(o[k], k);
  return out;
}

function orderedNode(node: unknown): unknown {
  if (!isPlain(node)) return sortedKeys(node);
  return ordered(node, NODE_KEYS, (v, k) =>
    k === 'ui' && isPlain(v)
      ? ordered(v, UI_KEYS, (u, uk) =>
          uk === 'position' && isPlain(u) ? ordered(u, POSITION_KEYS, sortedKeys) : sortedKeys(u),
        )
      : sortedKeys(v),
  );
}

/** A flow definition in the order of its file. */
export function orderedFlow(def: unknown): unknown {
  if (!isPlain(def)) return sortedKeys(def);
  return ordered(def, FLOW_KEYS, (v, k) => {
    if (k === 'nodes' && Array.isArray(v)) return v.map(orderedNode);
    if (k === 'edges' && Array.isArray(v)) return v.map((e) => (isPlain(e) ? ordered(e, EDGE_KEYS, sortedKeys) : e));
    return sortedKeys(v);
  });
}

/** Pretty-printed JSON with two-space indentation and a trailing newline. */
export const fileText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The text of a flow's file. */
export const flowFileText = (def: unknown): string => fileText(orderedFlow(def));

/** The text of any other file export writes (lookup tables, variables, connections): keys sorted. */
export const dataFileText = (value: unknown): string => fileText(sortedKeys(value));
