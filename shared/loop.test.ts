import { describe, it, expect } from 'vitest';
import { bodyNodeIds, loopBodyProblems, loopConfigSchema } from './loop.ts';
import { flowDefinitionSchema } from './flow.ts';

const nodes = [
  { id: 't', type: 'trigger.manual' },
  { id: 'loop', type: 'control.loop' },
  { id: 'a', type: 'map.jsonata', parentId: 'loop' },
  { id: 'inner', type: 'control.loop', parentId: 'loop' },
  { id: 'b', type: 'map.jsonata', parentId: 'inner' },
  { id: 'after', type: 'map.jsonata' },
];

describe('loop bodies', () => {
  it('accepts bodies whose edges stay inside, nested loops included', () => {
    const edges = [
      { id: 'e1', source: 't', target: 'loop' },
      { id: 'e2', source: 'a', target: 'inner' },
      { id: 'e3', source: 'loop', target: 'after' },
    ];
    expect(loopBodyProblems(nodes, edges)).toEqual([]);
    expect(bodyNodeIds(nodes, 'loop')).toEqual(['a', 'inner']);
    expect(bodyNodeIds(nodes, 'inner')).toEqual(['b']);
  });

  it('reports a missing parent, a parent that is no loop, a loop inside itself and edges across a body boundary', () => {
    const bad = [
      ...nodes,
      { id: 'orphan', type: 'map.jsonata', parentId: 'gone' },
      { id: 'wrong', type: 'map.jsonata', parentId: 'after' },
      { id: 'l1', type: 'control.loop', parentId: 'l2' },
      { id: 'l2', type: 'control.loop', parentId: 'l1' },
    ];
    const edges = [
      { id: 'in', source: 't', target: 'a' },
      { id: 'out', source: 'b', target: 'a' },
    ];
    const messages = loopBodyProblems(bad, edges).map((p) => p.message);
    expect(messages).toEqual([
      'node "orphan": its loop "gone" does not exist',
      'node "wrong": its parent "after" is a map.jsonata, only a control.loop holds body nodes',
      'node "l1" is inside itself through its parent loops',
      'node "l2" is inside itself through its parent loops',
      'edge "in" joins "t" (outside any loop) to "a" (the body of loop "loop"); edges stay inside one loop body',
      'edge "out" joins "b" (the body of loop "inner") to "a" (the body of loop "loop"); edges stay inside one loop body',
    ]);
  });

  it('fills the loop defaults and bounds concurrency', () => {
    expect(loopConfigSchema.parse({ items: '=list' })).toEqual({
      items: '=list',
      concurrency: 1,
      batchSize: 1,
      onItemFailure: 'stop',
    });
    expect(loopConfigSchema.safeParse({ items: '=list', concurrency: 51 }).success).toBe(false);
  });

  it('keeps parentId in the definition', () => {
    const def = flowDefinitionSchema.parse({ id: 'f', name: 'F', schemaVersion: 1, nodes, edges: [] });
    expect(def.nodes.find((n) => n.id === 'b')?.parentId).toBe('inner');
  });
});
