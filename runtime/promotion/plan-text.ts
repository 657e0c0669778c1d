import type { FieldChange, FlowDiff } from '../../shared/flow-diff.ts';
import type { FlowEdge } from '../../shared/flow.ts';
import type { ImportPlan } from './plan.ts';

/*
 * The plan as people read it in a terminal or a CI log: one line per flow or table that changes
 * ("+" added, "~" changed, "-" removed, "!" a warning), and under a changed flow the same field-by-field
 * changes the Versions page shows.
 */

export interface PlanOptions {
  publish: boolean;
  activate: boolean;
  prune: boolean;
}

const MAX_VALUE = 100;

/** A value on one line, cut to a readable length. */
export function shown(v: unknown): string {
  if (v === undefined) return '(none)';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const edgeText = (e: FlowEdge) => `${e.source}:${e.sourcePort} → ${e.target}:${e.targetPort}`;

function fieldLine(f: FieldChange): string {
  const test = /^tests\.(.+)$/.exec(f.path);
  if (test) {
    const what = f.before === undefined ? 'added' : f.after === undefined ? 'removed' : 'changed';
    return `test case "${test[1]}" ${what}`;
  }
  if (f.path === 'samples') {
    const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
    return `samples changed (${count(f.before)} → ${count(f.after)})`;
  }
  return `${f.path}: ${shown(f.before)} → ${shown(f.after)}`;
}

/** The lines of a flow's diff, indented under it. */
export function diffLines(d: FlowDiff, indent = '    '): string[] {
  const named = (n: { id: string; name?: string; type: string }) =>
    `${n.id}${n.name ? ` "${n.name}"` : ''} (${n.type})`;
  return [
    ...d.flowFields.map((f) => `~ ${fieldLine(f)}`),
    ...d.added.map((n) => `+ node ${named(n)}`),
    ...d.removed.map((n) => `- node ${named(n)}`),
    ...d.changed.flatMap((c) =>
      c.fields.map((f) => `~ node ${c.id}${c.name !== c.id ? ` "${c.name}"` : ''} ${fieldLine(f)}`),
    ),
    ...d.edgesAdded.map((e) => `+ edge ${edgeText(e)}`),
    ...d.edgesRemoved.map((e) => `- edge ${edgeText(e)}`),
  ].map((l) => indent + l);
}

export function planLines(plan: ImportPlan, opts: PlanOptions): string[] {
  const out: string[] = [];
  const publishing = opts.publish || opts.activate;
  for (const f of plan.flows) {
    const releases = [publishing && f.publish ? 'publish' : '', opts.activate && f.activate ? 'activate' : ''].filter(
      Boolean,
    );
    const then = releases.length ? `; then ${releases.join(' and ')}` : '';
    const label = `flow ${f.id} "${f.name}"`;
    if (f.draft === 'add')
      out.push(
        `+ ${label}: new, ${plural(f.definition.nodes.length, 'node')}, ${plural(f.definition.edges.length, 'edge')}${then}`,
      );
    else if (f.draft === 'change') out.push(`~ ${label}: draft changes${then}`, ...diffLines(f.diff!));
    else if (f.draft === 'view') out.push(`~ ${label}: only node positions or edge ids change${then}`);
    else if (then) out.push(`= ${label}: draft as in the folder${then}`);
  }
  for (const f of plan.removedFlows)
    out.push(
      `- flow ${f.id} "${f.name}": on the runtime, not in the folder; ${
        opts.prune ? `deleted${f.active ? ' (deactivated first)' : ''}` : 'kept (--prune deletes it)'
      }`,
    );
  for (const t of plan.lookups) {
    if (t.change === 'add') out.push(`+ lookup table ${t.name}: new, ${plural(t.added, 'entry', 'entries')}`);
    else if (t.change === 'change') {
      const parts = [
        t.added ? `${plural(t.added, 'entry', 'entries')} added` : '',
        t.changed ? `${t.changed} changed` : '',
        t.removed ? `${t.removed} removed` : '',
      ].filter(Boolean);
      out.push(`~ lookup table ${t.name}: ${parts.join(', ')}`);
    }
  }
  for (const name of plan.removedLookups)
    out.push(
      `- lookup table ${name}: on the runtime, not in the folder; ${opts.prune ? 'deleted' : 'kept (--prune deletes it)'}`,
    );
  for (const c of plan.missingConnections)
    out.push(
      `! connection "${c.id}"${c.usedBy.length ? ` (used by ${c.usedBy.join(', ')})` : ''} does not exist on the runtime; an admin adds it under Connections`,
    );
  if (plan.variablesUnchecked)
    out.push(
      '! the runtime does not list variables (no GET /api/variables); the names in variables.json are not checked',
    );
  for (const v of plan.missingVariables) out.push(`! variable "${v}" does not exist on the runtime`);
  const same = plan.flows.filter((f) => f.draft === 'same').length;
  const tablesSame = plan.lookups.filter((t) => t.change === 'same').length;
  out.push(`= ${plural(same, 'flow')} and ${plural(tablesSame, 'lookup table')} as in the folder`);
  return out;
}
