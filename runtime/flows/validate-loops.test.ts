import { describe, it, expect } from 'vitest';
import { validateFlow } from './validate-flow.ts';
import { findNode } from '../../nodes/registry.ts';
import { flow, n } from '../../test/support/flows.ts';

const check = (def: unknown) => validateFlow(def, findNode);

function looped(extra: Parameters<typeof flow>[1] = {}, edges: string[] = []) {
  const def = flow(
    'looped',
    {
      in: n.manual(),
      loop: { type: 'control.loop', config: { items: '=lines', itemKey: 'code' } },
      line: n.map("{ 'code': item.code }"),
      after: n.map('results'),
      ...extra,
    },
    ['in>loop', 'loop>after', ...edges],
  );
  for (const node of def.nodes) if (node.id === 'line' || node.id in extra) node.parentId = 'loop';
  return def;
}

describe('validateFlow on loops', () => {
  it('finds nothing wrong with a loop and its body (body nodes are reached from their loop)', () => {
    expect(check(looped())).toEqual([]);
  });

  it('reports an edge out of a body, a trigger inside one, an empty loop, and a bad itemKey', () => {
    const def = looped({ hook: n.webhook('x') }, ['line>after']);
    def.nodes.push({ id: 'empty', type: 'control.loop', typeVersion: 1, config: { items: '=$', itemKey: 'code +' } });
    def.edges.push({ id: 'e9', source: 'after', target: 'empty', sourcePort: 'out', targetPort: 'in' });
    const problems = check(def).map((p) => `${p.severity} ${p.code} ${p.nodeId ?? ''}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'error loop_body after: edge "e3" joins "line" (the body of loop "loop") to "after" (outside any loop); edges stay inside one loop body',
        'error loop_body hook: node "hook" is a trigger; a loop body starts from its loop, with each item',
        'warning loop_body empty: loop "empty" has no body: put the nodes to run for each item inside it',
        expect.stringMatching(/^error expression_syntax empty: /),
      ]),
    );
  });
});
