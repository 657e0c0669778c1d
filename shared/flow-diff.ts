import type { TestCase } from './flow-tests.ts';
import type { FlowDefinition, FlowEdge, FlowNode } from './flow.ts';
import { edgeKey } from './edge-rules.ts';

/*
 * What changed between two flow definitions: the Versions page shows it, and the
 * audit log summarises every edit of a draft with it.
 */

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface NodeChange {
  id: string;
  name: string;
  fields: FieldChange[];
}

export interface FlowDiff {
  added: FlowNode[];
  removed: FlowNode[];
  changed: NodeChange[];
  edgesAdded: FlowEdge[];
  edgesRemoved: FlowEdge[];
  flowFields: FieldChange[];
}

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Plain, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlain(a) && isPlain(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(own(a, k), own(b, k))) return false;
    return true;
  }
  return false;
}

/** Leaf-level differences between two JSON values. Objects are compared by key, arrays by index; a value whose kind changed is reported whole. */
export function diffValues(before: unknown, after: unknown, path: string, out: FieldChange[] = []): FieldChange[] {
  if (deepEqual(before, after)) return out;
  const join = (k: string | number) => (path ? `${path}.${k}` : String(k));
  if (isPlain(before) && isPlain(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !Object.hasOwn(before, k))];
    for (const k of keys) diffValues(own(before, k), own(after, k), join(k), out);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) diffValues(before[i], after[i], join(i), out);
  } else {
    out.push({ path, before, after });
  }
  return out;
}

function diffNode(before: FlowNode, after: FlowNode): FieldChange[] {
  const out: FieldChange[] = [];
  for (const key of ['name', 'description', 'type', 'typeVersion'] as const) {
    if (!deepEqual(before[key], after[key])) out.push({ path: key, before: before[key], after: after[key] });
  }
  return diffValues(before.config ?? {}, after.config ?? {}, 'config', out);
}

/** Edges of `a` with no counterpart in `b`; edges are the same when they join the same ports, whatever their ids. */
function edgesMissing(a: FlowEdge[], b: FlowEdge[]): FlowEdge[] {
  const counts = new Map<string, number>();
  for (const e of b) counts.set(edgeKey(e), (counts.get(edgeKey(e)) ?? 0) + 1);
  return a.filter((e) => {
    const n = counts.get(edgeKey(e)) ?? 0;
    if (n > 0) counts.set(edgeKey(e), n - 1);
    return n === 0;
  });
}

/** What changed from `before` to `after`. Node positions and other view state are not changes. */
export function diffDefinitions(before: FlowDefinition, after: FlowDefinition): FlowDiff {
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterIds = new Set(after.nodes.map((n) => n.id));
  const changed: NodeChange[] = [];
  for (const n of after.nodes) {
    const old = beforeNodes.get(n.id);
    if (!old) continue;
    const fields = diffNode(old, n);
    if (fields.length) changed.push({ id: n.id, name: n.name || old.name || n.id, fields });
  }
  const flowFields: FieldChange[] = [];
  for (const key of ['name', 'description'] as const) {
    if (!deepEqual(before[key], after[key])) flowFields.push({ path: key, before: before[key], after: after[key] });
  }
  diffValues(before.settings ?? {}, after.settings ?? {}, 'settings', flowFields);
  if (!deepEqual(before.samples, after.samples))
    flowFields.push({ path: 'samples', before: before.samples, after: after.samples });
  diffTests(before.tests ?? [], after.tests ?? [], flowFields);
  return {
    added: after.nodes.filter((n) => !beforeNodes.has(n.id)),
    removed: before.nodes.filter((n) => !afterIds.has(n.id)),
    changed,
    edgesAdded: edgesMissing(after.edges, before.edges),
    edgesRemoved: edgesMissing(before.edges, after.edges),
    flowFields,
  };
}

export function isEmptyDiff(d: FlowDiff): boolean {
  return (
    !d.added.length &&
    !d.removed.length &&
    !d.changed.length &&
    !d.edgesAdded.length &&
    !d.edgesRemoved.length &&
    !d.flowFields.length
  );
}

/** "2 nodes added, 1 changed, 1 connection removed" */
export function summarizeDiff(d: FlowDiff): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const nodeParts = (
    [
      [d.added.length, 'added'],
      [d.removed.length, 'removed'],
      [d.changed.length, 'changed'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, what], i) => (i === 0 ? `${plural(n, 'node', 'nodes')} ${what}` : `${n} ${what}`));
  const parts = [
    ...nodeParts,
    ...(d.edgesAdded.length ? [`${plural(d.edgesAdded.length, 'connection', 'connections')} added`] : []),
    ...(d.edgesRemoved.length ? [`${plural(d.edgesRemoved.length, 'connection', 'connections')} removed`] : []),
    ...(d.flowFields.length ? [`${plural(d.flowFields.length, 'flow field', 'flow fields')} changed`] : []),
  ];
  return parts.length ? parts.join(', ') : 'No differences';
}

/** Test cases compared by name: one change per case added, removed or edited (`tests.<name>`). */
function diffTests(before: TestCase[], after: TestCase[], out: FieldChange[]): void {
  const was = new Map(before.map((t) => [t.name, t]));
  const now = new Map(after.map((t) => [t.name, t]));
  for (const name of new Set([...was.keys(), ...now.keys()])) {
    if (!deepEqual(was.get(name), now.get(name)))
      out.push({ path: `tests.${name}`, before: was.get(name), after: now.get(name) });
  }
}
