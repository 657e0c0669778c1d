import { describe, expect, it } from 'vitest';
import type { FlowDefinition, FlowEdge, FlowNode } from '../api/types.ts';
import { diffDefinitions } from '../../../shared/flow-diff.ts';
import { diffCanvas } from './canvas-model.ts';

const node = (id: string, x: number, config: Record<string, unknown> = {}): FlowNode => ({
  id,
  type: 'map.jsonata',
  typeVersion: 1,
  config,
  ui: { position: { x, y: 0 } },
});
const edge = (id: string, source: string, target: string): FlowEdge => ({
  id,
  source,
  sourcePort: 'out',
  target,
  targetPort: 'in',
});
const flow = (nodes: FlowNode[], edges: FlowEdge[]): FlowDefinition => ({
  id: 'f',
  name: 'F',
  schemaVersion: 1,
  settings: {},
  nodes,
  edges,
});

describe('diffCanvas', () => {
  const from = flow(
    [node('a', 0), node('b', 100, { x: 1 }), node('gone', 200)],
    [edge('e1', 'a', 'b'), edge('e2', 'b', 'gone')],
  );
  const to = flow(
    [node('a', 0), node('b', 150, { x: 2 }), node('new', 300)],
    [edge('x1', 'a', 'b'), edge('e3', 'b', 'new')],
  );
  const { nodes, edges } = diffCanvas(from, to, diffDefinitions(from, to), 'b');

  it('marks nodes of the "to" definition and adds removed ones at their old position', () => {
    expect(nodes.map((n) => [n.id, n.data.diff, n.position.x])).toEqual([
      ['a', undefined, 0],
      ['b', 'changed', 150],
      ['new', 'added', 300],
      ['gone', 'removed', 200],
    ]);
    expect(nodes.find((n) => n.id === 'gone')?.className).toBe('diff-removed');
  });

  it('selects the chosen node only', () => {
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['b']);
  });

  it('marks added edges and keeps removed ones under their own ids', () => {
    expect(edges.map((e) => [e.id, e.source, e.target, e.className])).toEqual([
      ['x1', 'a', 'b', undefined],
      ['e3', 'b', 'new', 'diff-added'],
      ['removed:e2', 'b', 'gone', 'diff-removed'],
    ]);
  });
});
