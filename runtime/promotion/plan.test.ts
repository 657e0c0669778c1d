import { describe, expect, it } from 'vitest';
import { flowDefinitionSchema, type FlowDefinition, type FlowDefinitionInput } from '../../shared/flow.ts';
import { contentHash } from '../flows/canonical-json.ts';
import type { FolderContent } from './folder.ts';
import { connectionsNamed, planChanges, planImport } from './plan.ts';
import { planLines } from './plan-text.ts';
import type { TargetFlow, TargetState } from './runtime-state.ts';

const flow = (id: string, expression = '$', extra: Partial<FlowDefinitionInput> = {}): FlowDefinition =>
  flowDefinitionSchema.parse({
    id,
    name: `Flow ${id}`,
    schemaVersion: 1,
    nodes: [
      { id: 'in', type: 'trigger.manual', ui: { position: { x: 0, y: 0 } } },
      { id: 'map', type: 'map.jsonata', config: { expression } },
    ],
    edges: [{ id: 'e1', source: 'in', target: 'map' }],
    ...extra,
  });

/** A flow on the runtime whose draft is `draft`, with versions holding `versions` (newest last) and `active` of them. */
function onRuntime(draft: FlowDefinition, versions: FlowDefinition[] = [], active: number | null = null): TargetFlow {
  return {
    id: draft.id,
    name: draft.name,
    draft,
    revision: 3,
    versions: versions.map((v, i) => ({ version: i + 1, hash: contentHash(v) })).reverse(),
    activeVersion: active,
  };
}

const folder = (flows: FlowDefinition[], over: Partial<FolderContent> = {}): FolderContent => ({
  flows: flows.map((definition) => ({ file: `dir/${definition.id}.json`, definition })),
  lookups: [],
  variables: null,
  connections: null,
  problems: [],
  notes: [],
  ...over,
});

const target = (flows: TargetFlow[], over: Partial<TargetState> = {}): TargetState => ({
  flows,
  lookups: [],
  variables: [],
  connections: [],
  ...over,
});

const none = { publish: false, activate: false, prune: false };

describe('planImport', () => {
  it('sorts the folder flows into added, changed, changed only in view, unchanged, and removed', () => {
    const moved = flow('moved');
    moved.nodes[0]!.ui = { position: { x: 5, y: 9 } };
    const plan = planImport(
      folder([flow('same'), flow('edited', '$.total'), moved, flow('new')]),
      target([onRuntime(flow('same')), onRuntime(flow('edited')), onRuntime(flow('moved')), onRuntime(flow('gone'))]),
    );
    expect(plan.flows.map((f) => [f.id, f.draft])).toEqual([
      ['edited', 'change'],
      ['moved', 'view'],
      ['new', 'add'],
      ['same', 'same'],
    ]);
    expect(plan.flows[0]!.diff!.changed).toEqual([
      { id: 'map', name: 'map', fields: [{ path: 'config.expression', before: '$', after: '$.total' }] },
    ]);
    expect(plan.removedFlows).toEqual([{ id: 'gone', name: 'Flow gone', active: false }]);
    expect(planLines(plan, none)).toEqual([
      '~ flow edited "Flow edited": draft changes',
      '    ~ node map config.expression: "$" → "$.total"',
      '~ flow moved "Flow moved": only node positions or edge ids change',
      '+ flow new "Flow new": new, 2 nodes, 1 edge',
      '- flow gone "Flow gone": on the runtime, not in the folder; kept (--prune deletes it)',
      '= 1 flow and 0 lookup tables as in the folder',
    ]);
  });

  it('knows from the version hashes what publishing and activating would change', () => {
    const [a1, a2] = [flow('a', '$.one'), flow('a', '$.two')];
    const [c1, c2] = [flow('c', '$.one'), flow('c', '$.two')];
    const plan = planImport(
      folder([a2, flow('b'), c1]),
      target([onRuntime(a2, [a1, a2], 1), onRuntime(flow('b'), [flow('b')], 1), onRuntime(c1, [c1, c2], 1)]),
    );
    // a: the newest version holds it, an older one is active; b: published and active; c: active, but an
    // edit was published after it (publishing again adds a version).
    expect(plan.flows.map((f) => [f.id, f.draft, f.publish, f.activate])).toEqual([
      ['a', 'same', false, true],
      ['b', 'same', false, false],
      ['c', 'same', true, false],
    ]);
    const unchanged = planImport(folder([flow('b')]), target([onRuntime(flow('b'), [flow('b')], 1)]));
    expect(planChanges(unchanged, { publish: true, activate: true, prune: true })).toBe(false);
    const inactive = planImport(folder([flow('b')]), target([onRuntime(flow('b'), [flow('b')], null)]));
    expect(planChanges(inactive, { publish: true, activate: false, prune: false })).toBe(false);
    expect(planChanges(inactive, { publish: false, activate: true, prune: false })).toBe(true);
    expect(planLines(inactive, { publish: false, activate: true, prune: false })[0]).toBe(
      '= flow b "Flow b": draft as in the folder; then activate',
    );
  });

  it('counts the entries a lookup table adds, changes and removes', () => {
    const plan = planImport(
      folder([], {
        lookups: [
          {
            name: 'codes',
            entries: [
              { key: 'a', value: 1 },
              { key: 'b', value: { x: 2 } },
              { key: 'new', value: 0 },
            ],
          },
          { name: 'fresh', entries: [{ key: 'k', value: 'v' }] },
          { name: 'same', entries: [{ key: 'k', value: 'v' }] },
        ],
      }),
      target([], {
        lookups: [
          {
            name: 'codes',
            version: 4,
            entries: [
              { key: 'a', value: 1 },
              { key: 'b', value: { x: 3 } },
              { key: 'old', value: 0 },
            ],
          },
          { name: 'same', version: 1, entries: [{ key: 'k', value: 'v' }] },
          { name: 'extra', version: 1, entries: [] },
        ],
      }),
    );
    expect(plan.lookups.map((t) => [t.name, t.change, t.version, t.added, t.changed, t.removed])).toEqual([
      ['codes', 'change', 4, 1, 1, 1],
      ['fresh', 'add', null, 1, 0, 0],
      ['same', 'same', 1, 0, 0, 0],
    ]);
    expect(plan.removedLookups).toEqual(['extra']);
    expect(planLines(plan, { ...none, prune: true })).toEqual([
      '~ lookup table codes: 1 entry added, 1 changed, 1 removed',
      '+ lookup table fresh: new, 1 entry',
      '- lookup table extra: on the runtime, not in the folder; deleted',
      '= 0 flows and 1 lookup table as in the folder',
    ]);
  });

  it('warns of connections the flows name and variables the folder lists that the runtime lacks', () => {
    const uses = (id: string, connection: string) =>
      flow(id, '$', {
        nodes: [
          { id: 'in', type: 'trigger.manual' },
          { id: 'call', type: 'connector.http', config: { connection, url: '/x' } },
          { id: 'dyn', type: 'connector.http', config: { connection: '=$env.SYSTEM', url: '/x' } },
        ],
        edges: [],
      });
    expect(connectionsNamed(uses('a', 'erp'))).toEqual(['erp']);
    const plan = planImport(
      folder([uses('b', 'erp'), uses('a', 'erp'), uses('c', 'crm')], {
        variables: [{ name: 'ERP_COMPANY' }, { name: 'LIMIT' }],
        connections: [{ id: 'billing', name: 'Billing', kind: 'https' }],
      }),
      target([], { connections: [{ id: 'crm', name: 'CRM', kind: 'https' }], variables: [{ name: 'LIMIT' }] }),
    );
    expect(plan.missingConnections).toEqual([
      { id: 'billing', usedBy: [] },
      { id: 'erp', usedBy: ['a', 'b'] },
    ]);
    expect(plan.missingVariables).toEqual(['ERP_COMPANY']);
    expect(planLines(plan, none).filter((l) => l.startsWith('!'))).toEqual([
      '! connection "billing" does not exist on the runtime; an admin adds it under Connections',
      '! connection "erp" (used by a, b) does not exist on the runtime; an admin adds it under Connections',
      '! variable "ERP_COMPANY" does not exist on the runtime',
    ]);
    const noApi = planImport(folder([], { variables: [{ name: 'X' }] }), target([], { variables: null }));
    expect(noApi.variablesUnchecked).toBe(true);
    expect(noApi.missingVariables).toEqual([]);
  });
});
