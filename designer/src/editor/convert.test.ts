import { describe, expect, it } from 'vitest';
import { toCanvas, toDefinition, newNodeId } from './convert.ts';
import type { FlowDefinition } from '../api/types.ts';

const def: FlowDefinition = {
  id: 'won',
  name: 'Won',
  description: 'd',
  schemaVersion: 1,
  settings: {},
  samples: [{ name: 's', payload: { a: 1 } }],
  nodes: [
    {
      id: 'hook',
      type: 'trigger.webhook',
      typeVersion: 1,
      name: 'Hook',
      config: { path: 'won' },
      ui: { position: { x: 10, y: 20 }, color: '#f00' },
    },
    { id: 'check', type: 'validate.schema', typeVersion: 1, config: {}, ui: { position: { x: 300, y: 20 } } },
    { id: 'bad', type: 'control.fail', typeVersion: 1, config: { message: 'x' } },
  ],
  edges: [
    { id: 'e1', source: 'hook', sourcePort: 'out', target: 'check', targetPort: 'in' },
    { id: 'e2', source: 'check', sourcePort: 'invalid', target: 'bad', targetPort: 'in' },
  ],
};

describe('definition ↔ canvas', () => {
  it('round-trips a definition unchanged apart from placing unplaced nodes', () => {
    const { meta, nodes, edges } = toCanvas(def);
    const back = toDefinition(meta, nodes, edges);
    expect(back.nodes[0]).toEqual(def.nodes[0]);
    expect(back.nodes[1]).toEqual(def.nodes[1]);
    expect(back.edges).toEqual(def.edges);
    expect({ ...back, nodes: [], edges: [] }).toEqual({ ...def, nodes: [], edges: [] });
    // The unplaced node goes to the first cell of the grid one row below the lowest placed node (y 20).
    expect(back.nodes[2].ui).toEqual({ position: { x: 0, y: 160 } });
  });

  it('maps ports to handles and labels non-default ports', () => {
    const { edges } = toCanvas(def);
    expect(edges[1]).toMatchObject({
      source: 'check',
      sourceHandle: 'invalid',
      target: 'bad',
      targetHandle: 'in',
      label: 'invalid',
    });
    expect(edges[0].label).toBeUndefined();
  });

  it('saves only ui from the canvas: selection, measurements and paint are dropped, positions rounded', () => {
    const { meta, nodes, edges } = toCanvas(def);
    const moved = nodes.map((n, i) => ({
      ...n,
      selected: true,
      dragging: false,
      measured: { width: 200, height: 60 },
      position: { x: 1.6 + i, y: 2.4 },
      data: { ...n.data, paint: 'failed' as const },
    }));
    const back = toDefinition(
      meta,
      moved,
      edges.map((e) => ({ ...e, selected: true, animated: true })),
    );
    expect(back.nodes[0]).toEqual({ ...def.nodes[0], ui: { position: { x: 2, y: 2 }, color: '#f00' } });
    expect(JSON.stringify(back)).not.toMatch(/selected|measured|paint|animated|dragging/);
    expect(Object.keys(back.edges[0]).sort()).toEqual(['id', 'source', 'sourcePort', 'target', 'targetPort']);
  });

  it('gives readable unique node ids', () => {
    expect(newNodeId('HTTP request', new Set())).toBe('http_request');
    expect(newNodeId('Map', new Set(['map', 'map_2']))).toBe('map_3');
    expect(newNodeId('???', new Set())).toBe('node');
  });
});
