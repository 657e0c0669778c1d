import { describe, expect, it } from 'vitest';
import type { FlowDefinition, FlowEdge, FlowNode } from './flow.ts';
import { deepEqual, diffDefinitions, diffValues, isEmptyDiff, summarizeDiff } from './flow-diff.ts';

const node = (id: string, extra: Partial<FlowNode> = {}): FlowNode => ({
  id,
  type: 'map.jsonata',
  typeVersion: 1,
  config: {},
  ...extra,
});
const edge = (id: string, source: string, target: string, sourcePort = 'out', targetPort = 'in'): FlowEdge => ({
  id,
  source,
  sourcePort,
  target,
  targetPort,
});
const flow = (nodes: FlowNode[], edges: FlowEdge[] = [], extra: Partial<FlowDefinition> = {}): FlowDefinition => ({
  id: 'f',
  name: 'Flow',
  schemaVersion: 1,
  settings: {},
  nodes,
  edges,
  ...extra,
});

/** Settings the runtime does not know yet; the diff must still report them. */
const settings = (s: Record<string, unknown>) => s as unknown as FlowDefinition['settings'];

describe('deepEqual', () => {
  it('ignores key order and compares arrays by position', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual([1], [1, 2])).toBe(false);
  });

  it('tells arrays, objects, null and scalars apart', () => {
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual(0, '0')).toBe(false);
    expect(deepEqual(NaN, NaN)).toBe(true);
  });

  it('treats a key holding undefined like a missing key', () => {
    expect(deepEqual({ a: undefined }, {})).toBe(true);
  });

  it('does not read inherited properties', () => {
    expect(deepEqual({}, { toString: 1 })).toBe(false);
    expect(deepEqual({ constructor: 1 }, { constructor: 1 })).toBe(true);
  });
});

describe('diffValues', () => {
  it('reports nothing for equal values', () => {
    expect(diffValues({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, 'config')).toEqual([]);
  });

  it('reports changed leaves by path', () => {
    expect(
      diffValues(
        { url: 'a', opts: { timeout: 1, retries: 2 } },
        { url: 'b', opts: { timeout: 5, retries: 2 } },
        'config',
      ),
    ).toEqual([
      { path: 'config.url', before: 'a', after: 'b' },
      { path: 'config.opts.timeout', before: 1, after: 5 },
    ]);
  });

  it('reports added and removed keys with the missing side undefined', () => {
    expect(
      diffValues({ headers: { Accept: 'json' } }, { headers: { Accept: 'json', Authorization: 'Bearer x' } }, 'config'),
    ).toEqual([{ path: 'config.headers.Authorization', before: undefined, after: 'Bearer x' }]);
    expect(diffValues({ headers: { Accept: 'json' } }, { headers: {} }, 'config')).toEqual([
      { path: 'config.headers.Accept', before: 'json', after: undefined },
    ]);
  });

  it('reports an added or removed object whole, not leaf by leaf', () => {
    expect(diffValues({}, { retry: { max: 3, delay: 10 } }, 'config')).toEqual([
      { path: 'config.retry', before: undefined, after: { max: 3, delay: 10 } },
    ]);
  });

  it('compares arrays by index', () => {
    const before = {
      rules: [
        { field: 'a', message: 'required' },
        { field: 'b', message: 'x' },
      ],
    };
    const after = {
      rules: [
        { field: 'a', message: 'is required' },
        { field: 'b', message: 'x' },
        { field: 'c', message: 'y' },
      ],
    };
    expect(diffValues(before, after, 'config')).toEqual([
      { path: 'config.rules.0.message', before: 'required', after: 'is required' },
      { path: 'config.rules.2', before: undefined, after: { field: 'c', message: 'y' } },
    ]);
  });

  it('reports removed array items', () => {
    expect(diffValues({ tags: ['a', 'b', 'c'] }, { tags: ['a'] }, 'config')).toEqual([
      { path: 'config.tags.1', before: 'b', after: undefined },
      { path: 'config.tags.2', before: 'c', after: undefined },
    ]);
  });

  it('reports the whole value when its kind changes', () => {
    expect(diffValues({ body: { a: 1 } }, { body: [1] }, 'config')).toEqual([
      { path: 'config.body', before: { a: 1 }, after: [1] },
    ]);
    expect(diffValues({ body: '=x' }, { body: { a: 1 } }, 'config')).toEqual([
      { path: 'config.body', before: '=x', after: { a: 1 } },
    ]);
    expect(diffValues({ body: null }, { body: {} }, 'config')).toEqual([
      { path: 'config.body', before: null, after: {} },
    ]);
  });

  it('keeps keys that look like prototype members', () => {
    expect(diffValues({}, { constructor: 'x' }, 'config')).toEqual([
      { path: 'config.constructor', before: undefined, after: 'x' },
    ]);
  });

  it('lists keys of the before side first, then keys new in the after side', () => {
    const paths = diffValues({ b: 1, a: 1 }, { c: 1, a: 2 }, 'config').map((f) => f.path);
    expect(paths).toEqual(['config.b', 'config.a', 'config.c']);
  });
});

describe('diffDefinitions', () => {
  it('finds nothing between identical definitions', () => {
    const def = flow([node('a'), node('b', { config: { x: [1] } })], [edge('e1', 'a', 'b')]);
    const d = diffDefinitions(def, structuredClone(def));
    expect(isEmptyDiff(d)).toBe(true);
    expect(summarizeDiff(d)).toBe('No differences');
  });

  it('matches nodes by id and lists added and removed ones in definition order', () => {
    const d = diffDefinitions(flow([node('a'), node('b'), node('c')]), flow([node('a'), node('d'), node('e')]));
    expect(d.added.map((n) => n.id)).toEqual(['d', 'e']);
    expect(d.removed.map((n) => n.id)).toEqual(['b', 'c']);
    expect(d.changed).toEqual([]);
  });

  it('reports node fields one by one', () => {
    const before = flow([
      node('http', {
        name: 'Call ERP',
        type: 'http.request',
        config: { url: 'https://a', headers: { Accept: 'json' } },
      }),
    ]);
    const after = flow([
      node('http', {
        name: 'Call the ERP',
        description: 'Creates the project',
        type: 'http.request',
        typeVersion: 2,
        config: { url: 'https://b', headers: { Accept: 'json', Authorization: '=$secrets.erp' } },
      }),
    ]);
    expect(diffDefinitions(before, after).changed).toEqual([
      {
        id: 'http',
        name: 'Call the ERP',
        fields: [
          { path: 'name', before: 'Call ERP', after: 'Call the ERP' },
          { path: 'description', before: undefined, after: 'Creates the project' },
          { path: 'typeVersion', before: 1, after: 2 },
          { path: 'config.url', before: 'https://a', after: 'https://b' },
          { path: 'config.headers.Authorization', before: undefined, after: '=$secrets.erp' },
        ],
      },
    ]);
  });

  it('reports a type change', () => {
    const d = diffDefinitions(flow([node('a', { type: 'map.jsonata' })]), flow([node('a', { type: 'code.js' })]));
    expect(d.changed[0].fields).toEqual([{ path: 'type', before: 'map.jsonata', after: 'code.js' }]);
  });

  it('names a changed node by its new name, then its old one, then its id', () => {
    const renamedAway = diffDefinitions(
      flow([node('a', { name: 'Old', config: { x: 1 } })]),
      flow([node('a', { config: { x: 2 } })]),
    );
    expect(renamedAway.changed[0].name).toBe('Old');
    const unnamed = diffDefinitions(flow([node('a', { config: { x: 1 } })]), flow([node('a', { config: { x: 2 } })]));
    expect(unnamed.changed[0].name).toBe('a');
  });

  it('does not count moved, recoloured or collapsed nodes as changed', () => {
    const before = flow([node('a', { ui: { position: { x: 0, y: 0 } } })]);
    const after = flow([node('a', { ui: { position: { x: 300, y: 120 }, color: 'red', collapsed: true } })]);
    expect(isEmptyDiff(diffDefinitions(before, after))).toBe(true);
  });

  it('treats a missing config like an empty one', () => {
    const bare = { id: 'a', type: 'map.jsonata', typeVersion: 1 } as FlowNode;
    expect(isEmptyDiff(diffDefinitions(flow([bare]), flow([node('a')])))).toBe(true);
  });

  it('lists changed nodes in the order of the after definition', () => {
    const before = flow([node('a', { config: { v: 1 } }), node('b', { config: { v: 1 } })]);
    const after = flow([node('b', { config: { v: 2 } }), node('a', { config: { v: 2 } })]);
    expect(diffDefinitions(before, after).changed.map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('matches edges by the ports they join, not by id', () => {
    const nodes = [node('a'), node('b'), node('c')];
    const before = flow(nodes, [edge('e1', 'a', 'b'), edge('e2', 'b', 'c')]);
    const after = flow(nodes, [edge('renamed', 'a', 'b'), edge('e2', 'a', 'c')]);
    const d = diffDefinitions(before, after);
    expect(d.edgesAdded).toEqual([edge('e2', 'a', 'c')]);
    expect(d.edgesRemoved).toEqual([edge('e2', 'b', 'c')]);
  });

  it('sees a change of port as one edge removed and one added', () => {
    const nodes = [node('sw'), node('b')];
    const d = diffDefinitions(flow(nodes, [edge('e', 'sw', 'b', 'yes')]), flow(nodes, [edge('e', 'sw', 'b', 'no')]));
    expect(d.edgesRemoved).toEqual([edge('e', 'sw', 'b', 'yes')]);
    expect(d.edgesAdded).toEqual([edge('e', 'sw', 'b', 'no')]);
  });

  it('counts duplicate edges', () => {
    const nodes = [node('a'), node('b')];
    const d = diffDefinitions(
      flow(nodes, [edge('e1', 'a', 'b')]),
      flow(nodes, [edge('e1', 'a', 'b'), edge('e2', 'a', 'b')]),
    );
    expect(d.edgesAdded).toEqual([edge('e2', 'a', 'b')]);
    expect(d.edgesRemoved).toEqual([]);
  });

  it('reports edges of added and removed nodes', () => {
    const d = diffDefinitions(
      flow([node('a'), node('b')], [edge('e1', 'a', 'b')]),
      flow([node('a'), node('c')], [edge('e1', 'a', 'c')]),
    );
    expect(d.removed.map((n) => n.id)).toEqual(['b']);
    expect(d.added.map((n) => n.id)).toEqual(['c']);
    expect(d.edgesRemoved.map((e) => e.target)).toEqual(['b']);
    expect(d.edgesAdded.map((e) => e.target)).toEqual(['c']);
  });

  it('reports flow name, description and settings', () => {
    const d = diffDefinitions(
      flow([], [], { name: 'Won deals', settings: settings({ timeoutMs: 1 }) }),
      flow([], [], { name: 'Won deals to ERP', description: 'Sync', settings: settings({ timeoutMs: 2 }) }),
    );
    expect(d.flowFields).toEqual([
      { path: 'name', before: 'Won deals', after: 'Won deals to ERP' },
      { path: 'description', before: undefined, after: 'Sync' },
      { path: 'settings.timeoutMs', before: 1, after: 2 },
    ]);
  });

  it('reports samples as one field', () => {
    const before = flow([], [], { samples: [{ name: 'Deal', payload: { amount: 1 } }] });
    const after = flow([], [], {
      samples: [
        { name: 'Deal', payload: { amount: 2 } },
        { name: 'Other', payload: null },
      ],
    });
    expect(diffDefinitions(before, after).flowFields).toEqual([
      { path: 'samples', before: before.samples, after: after.samples },
    ]);
    expect(diffDefinitions(flow([]), after).flowFields).toEqual([
      { path: 'samples', before: undefined, after: after.samples },
    ]);
  });

  it('ignores the flow id and schema version', () => {
    expect(isEmptyDiff(diffDefinitions(flow([]), flow([], [], { id: 'other' })))).toBe(true);
  });
});

describe('summarizeDiff', () => {
  it('counts every kind of change', () => {
    const before = flow([node('a'), node('b', { config: { x: 1 } }), node('gone')], [edge('e1', 'a', 'b')], {
      name: 'A',
    });
    const after = flow(
      [node('a'), node('b', { config: { x: 2 } }), node('new1'), node('new2')],
      [edge('e2', 'a', 'new1'), edge('e3', 'a', 'new2')],
      { name: 'B' },
    );
    expect(summarizeDiff(diffDefinitions(before, after))).toBe(
      '2 nodes added, 1 removed, 1 changed, 2 connections added, 1 connection removed, 1 flow field changed',
    );
  });

  it('names nodes on the first node count only', () => {
    expect(
      summarizeDiff(diffDefinitions(flow([node('a', { config: { v: 1 } })]), flow([node('a', { config: { v: 2 } })]))),
    ).toBe('1 node changed');
  });
});
