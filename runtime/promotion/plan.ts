import type { FlowDefinition } from '../../shared/flow.ts';
import { deepEqual, diffDefinitions, isEmptyDiff, type FlowDiff } from '../../shared/flow-diff.ts';
import { isExpressionString } from '../../shared/expression-string.ts';
import { contentHash } from '../flows/canonical-json.ts';
import type { FolderContent } from './folder.ts';
import type { TargetState } from './runtime-state.ts';

/*
 * What `weft import --dir` would change on a runtime (pure: folder and runtime read elsewhere). A flow's
 * file is compared with the runtime's draft (what import writes) and with its versions (what --publish
 * and --activate would add); tables with their entries; variables and connections are only checked.
 */

export interface FlowStep {
  id: string;
  name: string;
  file: string;
  definition: FlowDefinition;
  /** add: new flow; change: the diff is not empty; view: only layout or edge ids differ; same: nothing. */
  draft: 'add' | 'change' | 'view' | 'same';
  /** Against the runtime's draft (empty for a new flow). */
  diff: FlowDiff | null;
  /** The revision of the runtime's draft (save with it), null for a new flow. */
  revision: number | null;
  /** No published version holds this content yet as the newest one: publishing adds a version. */
  publish: boolean;
  /** The active version does not hold this content: activating changes what runs. */
  activate: boolean;
}

export interface LookupStep {
  name: string;
  change: 'add' | 'change' | 'same';
  entries: { key: string; value: unknown }[];
  /** The table's version on the runtime (replace with it). */
  version: number | null;
  added: number;
  removed: number;
  changed: number;
}

export interface ImportPlan {
  flows: FlowStep[];
  /** On the runtime, not in the folder. */
  removedFlows: { id: string; name: string; active: boolean }[];
  lookups: LookupStep[];
  removedLookups: string[];
  /** Connections the folder's flows name (or connections.json lists) that the runtime lacks. */
  missingConnections: { id: string; usedBy: string[] }[];
  /** Variable names of variables.json the runtime lacks. */
  missingVariables: string[];
  /** The folder names variables but the runtime lists none (it has no variables API): not checked. */
  variablesUnchecked: boolean;
}

/** The connection ids a flow names: every node's `config.connection` that is a plain name, not an expression. */
export function connectionsNamed(def: FlowDefinition): string[] {
  const ids = def.nodes
    .map((n) => n.config?.connection)
    .filter((c): c is string => typeof c === 'string' && c.trim() !== '' && !isExpressionString(c));
  return [...new Set(ids)].sort();
}

function flowStep(file: string, def: FlowDefinition, target: TargetState): FlowStep {
  const hash = contentHash(def);
  const there = target.flows.find((f) => f.id === def.id);
  const base = { id: def.id, name: def.name, file, definition: def };
  if (!there) return { ...base, draft: 'add', diff: null, revision: null, publish: true, activate: true };
  const active = there.versions.find((v) => v.version === there.activeVersion);
  const same = contentHash(there.draft) === hash;
  const diff = same ? null : diffDefinitions(there.draft, def);
  const empty = diff !== null && isEmptyDiff(diff);
  return {
    ...base,
    draft: same ? 'same' : empty ? 'view' : 'change',
    diff,
    revision: there.revision,
    publish: there.versions[0]?.hash !== hash,
    activate: active?.hash !== hash,
  };
}

function lookupStep(t: { name: string; entries: { key: string; value: unknown }[] }, target: TargetState): LookupStep {
  const there = target.lookups.find((l) => l.name === t.name);
  if (!there)
    return {
      name: t.name,
      change: 'add',
      entries: t.entries,
      version: null,
      added: t.entries.length,
      removed: 0,
      changed: 0,
    };
  const before = new Map(there.entries.map((e) => [e.key, e.value]));
  const after = new Map(t.entries.map((e) => [e.key, e.value]));
  let added = 0;
  let changed = 0;
  for (const [k, v] of after) {
    if (!before.has(k)) added++;
    else if (!deepEqual(before.get(k), v)) changed++;
  }
  const removed = [...before.keys()].filter((k) => !after.has(k)).length;
  const change = added + changed + removed ? 'change' : 'same';
  return { name: t.name, change, entries: t.entries, version: there.version, added, removed, changed };
}

export function planImport(folder: FolderContent, target: TargetState): ImportPlan {
  const flows = folder.flows.map((f) => flowStep(f.file, f.definition, target)).sort((a, b) => cmp(a.id, b.id));
  const inFolder = new Set(flows.map((f) => f.id));
  const tables = new Set(folder.lookups.map((t) => t.name));
  const have = new Set(target.connections.map((c) => c.id));
  const uses = new Map<string, string[]>();
  for (const { definition } of folder.flows)
    for (const c of connectionsNamed(definition)) uses.set(c, [...(uses.get(c) ?? []), definition.id]);
  for (const c of folder.connections ?? []) if (!uses.has(c.id)) uses.set(c.id, []);
  const known = new Set((target.variables ?? []).map((v) => v.name));
  const wanted = (folder.variables ?? []).map((v) => v.name);
  return {
    flows,
    removedFlows: target.flows
      .filter((f) => !inFolder.has(f.id))
      .map((f) => ({ id: f.id, name: f.name, active: f.activeVersion !== null }))
      .sort((a, b) => cmp(a.id, b.id)),
    lookups: folder.lookups.map((t) => lookupStep(t, target)).sort((a, b) => cmp(a.name, b.name)),
    removedLookups: target.lookups
      .map((t) => t.name)
      .filter((n) => !tables.has(n))
      .sort(cmp),
    missingConnections: [...uses]
      .filter(([id]) => !have.has(id))
      .map(([id, usedBy]) => ({ id, usedBy: usedBy.sort(cmp) }))
      .sort((a, b) => cmp(a.id, b.id)),
    missingVariables: target.variables ? wanted.filter((n) => !known.has(n)).sort(cmp) : [],
    variablesUnchecked: target.variables === null && wanted.length > 0,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether applying the plan changes anything on the runtime (with the options given). */
export function planChanges(plan: ImportPlan, opts: { publish: boolean; activate: boolean; prune: boolean }): boolean {
  return (
    plan.flows.some(
      (f) => f.draft !== 'same' || ((opts.publish || opts.activate) && f.publish) || (opts.activate && f.activate),
    ) ||
    plan.lookups.some((t) => t.change !== 'same') ||
    (opts.prune && (plan.removedFlows.length > 0 || plan.removedLookups.length > 0))
  );
}
