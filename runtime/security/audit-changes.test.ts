import { describe, expect, it } from 'vitest';
import { flowDefinitionSchema, type FlowDefinition } from '../../shared/flow.ts';
import { draftChanges } from './audit-changes.ts';

const definition = (over: Record<string, unknown> = {}): FlowDefinition =>
  flowDefinitionSchema.parse({
    id: 'f',
    name: 'Orders',
    schemaVersion: 1,
    nodes: [
      { id: 'in', type: 'trigger.manual' },
      { id: 'map', type: 'map.jsonata', config: { expression: '$' }, ui: { position: { x: 0, y: 0 } } },
      { id: 'send', type: 'connector.http', config: { url: 'https://erp.example/orders' } },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'map' },
      { id: 'e2', source: 'map', target: 'send' },
    ],
    ...over,
  });

describe('what the audit log records of a draft edit', () => {
  it('names added, removed and changed nodes and edges, a rename and a settings change', () => {
    const before = definition();
    const after = definition({
      name: 'Orders to ERP',
      settings: { concurrency: 2 },
      nodes: [
        { id: 'in', type: 'trigger.manual' },
        { id: 'map', type: 'map.jsonata', config: { expression: '{ "order": $ }' } },
        { id: 'log', type: 'map.jsonata', config: { expression: '$' } },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'map' },
        { id: 'e3', source: 'map', target: 'log', targetPort: 'other' },
      ],
    });
    const changes = draftChanges({ definition: before, revision: 3 }, { definition: after, revision: 4 });
    expect(changes.before).toEqual({ revision: 3, hash: expect.stringMatching(/^sha256:/) });
    expect(changes.after.revision).toBe(4);
    expect(changes.after.hash).not.toBe(changes.before.hash);
    expect(changes.detail).toEqual({
      nodesAdded: ['log'],
      nodesRemoved: ['send'],
      nodesChanged: ['map'],
      edgesAdded: ['map.out>log.other'],
      edgesRemoved: ['map.out>send'],
      settingsChanged: true,
      renamed: { from: 'Orders', to: 'Orders to ERP' },
    });
  });

  it('records no change for moved nodes or renumbered edges', () => {
    const before = definition();
    const after = definition({
      nodes: before.nodes.map((n) => ({ ...n, ui: { position: { x: 100, y: 40 }, color: 'red' } })),
      edges: before.edges.map((e) => ({ ...e, id: `${e.id}-new` })),
    });
    expect(draftChanges({ definition: before, revision: 1 }, { definition: after, revision: 2 }).detail).toEqual({
      nodesAdded: [],
      nodesRemoved: [],
      nodesChanged: [],
      edgesAdded: [],
      edgesRemoved: [],
      settingsChanged: false,
      renamed: undefined,
    });
  });
});
