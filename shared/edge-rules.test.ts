import { describe, expect, it } from 'vitest';
import {
  endProblems,
  findCycle,
  findPath,
  newEdgeProblem,
  sameEnds,
  type EdgeEnds,
  type EndLookup,
  type EndNode,
} from './edge-rules.ts';

const nodes: Record<string, EndNode | null> = {
  hook: { ports: { inputs: [], outputs: ['out'] }, trigger: true },
  check: { ports: { inputs: ['in'], outputs: ['valid', 'invalid'] }, trigger: false },
  a: { ports: { inputs: ['in'], outputs: ['out'] }, trigger: false },
  b: { ports: { inputs: ['in'], outputs: ['out'] }, trigger: false },
  mystery: null,
};
const nodeAt: EndLookup = (id) => (id in nodes ? nodes[id] : undefined);
const edge = (spec: string): EdgeEnds => {
  const [from, to] = spec.split('>');
  const [source, sourcePort = 'out'] = from.split(':');
  const [target, targetPort = 'in'] = to.split(':');
  return { source, sourcePort, target, targetPort };
};
const flowEdges = ['hook>check', 'check:valid>a', 'a>b'].map(edge);

describe('the ends of an edge', () => {
  it('accept an output of the source and an input of the target', () => {
    expect(endProblems(edge('check:invalid>a'), nodeAt)).toEqual([]);
  });

  it('must be nodes of the flow', () => {
    expect(endProblems(edge('ghost>a'), nodeAt)).toEqual([
      { code: 'dangling_edge', message: 'node "ghost" does not exist' },
    ]);
    expect(endProblems(edge('a>ghost'), nodeAt)[0]).toMatchObject({
      code: 'dangling_edge',
      message: expect.stringContaining('"ghost"'),
    });
  });

  it('name ports the nodes have, and say which they have', () => {
    expect(endProblems(edge('check:out>a:other'), nodeAt)).toEqual([
      expect.objectContaining({
        code: 'unknown_port',
        nodeId: 'check',
        message: expect.stringContaining('valid, invalid'),
      }),
      expect.objectContaining({
        code: 'unknown_port',
        nodeId: 'a',
        message: expect.stringContaining('no input "other"'),
      }),
    ]);
  });

  it('never lead into a trigger', () => {
    expect(endProblems(edge('a>hook'), nodeAt)).toEqual([
      expect.objectContaining({ code: 'edge_into_trigger', nodeId: 'hook' }),
    ]);
  });

  it('are not checked against a node whose kind is unknown', () => {
    expect(endProblems(edge('mystery:x>a'), nodeAt)).toEqual([]);
    expect(endProblems(edge('a>mystery:y'), nodeAt)).toEqual([]);
  });
});

describe('paths and loops', () => {
  it('finds a path along edges', () => {
    expect(findPath('hook', 'b', flowEdges)).toEqual(['hook', 'check', 'a', 'b']);
    expect(findPath('b', 'hook', flowEdges)).toBeNull();
    expect(findPath('a', 'a', flowEdges)).toEqual(['a']);
  });

  it('finds a loop with the nodes along it, also one of a single node', () => {
    expect(findCycle(Object.keys(nodes), flowEdges)).toBeNull();
    expect(findCycle(Object.keys(nodes), [...flowEdges, edge('b>check')])).toEqual(['check', 'a', 'b', 'check']);
    expect(findCycle(['a'], [edge('a>a')])).toEqual(['a', 'a']);
  });
});

describe('a new edge', () => {
  const problem = (spec: string) => newEdgeProblem(edge(spec), nodeAt, flowEdges);

  it('may join free ports without closing a loop', () => {
    expect(problem('check:invalid>b')).toBeNull();
    expect(problem('hook>b')).toBeNull();
  });

  it('is refused when it repeats an edge, feeds its own node or closes a loop', () => {
    expect(problem('check:valid>a')).toMatchObject({
      code: 'duplicate_edge',
      message: expect.stringMatching(/already/),
    });
    expect(problem('a>a')).toMatchObject({ code: 'cycle', message: expect.stringMatching(/itself/) });
    expect(problem('b>check')).toMatchObject({
      code: 'cycle',
      message: 'this edge would close a loop: b → check → a → b',
    });
  });

  it('is refused for bad ends first', () => {
    expect(problem('ghost>a')?.code).toBe('dangling_edge');
    expect(problem('b>hook')?.code).toBe('edge_into_trigger');
  });

  it('counts edges the same only when they join the same four ends', () => {
    expect(sameEnds(edge('a>b'), edge('a:out>b:in'))).toBe(true);
    expect(sameEnds(edge('a>b'), edge('a>b:other'))).toBe(false);
  });
});
