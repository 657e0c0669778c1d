import { describe, it, expect } from 'vitest';
import { buildPlan, planOfRun } from './plan.ts';
import { findNode } from '../../nodes/registry.ts';
import { flowDefinitionSchema } from '../../shared/flow.ts';
import { flow, n } from '../../test/support/flows.ts';

function def(edges: string[] = []) {
  const d = flow(
    'plan-loops',
    {
      in: n.manual(),
      outer: { type: 'control.loop', config: { items: '=$' } },
      a: n.map('item'),
      b: n.map('$'),
      inner: { type: 'control.loop', config: { items: '=$' } },
      c: n.map('item'),
      after: n.map('results'),
    },
    ['in>outer', 'outer>after', 'a>b', ...edges],
  );
  const parents: Record<string, string> = { a: 'outer', b: 'outer', inner: 'outer', c: 'inner' };
  for (const node of d.nodes) if (parents[node.id]) node.parentId = parents[node.id];
  return flowDefinitionSchema.parse(d);
}

describe('plans of loop bodies', () => {
  it('leaves body nodes out of the flow plan and builds one plan per body, entered from its loop', () => {
    const plan = buildPlan(def(), 1, findNode);
    expect(plan.order).toEqual(['in', 'outer', 'after']);
    const outer = plan.bodies.get('outer')!;
    expect(outer.loopId).toBe('outer');
    expect(outer.order).toEqual(['outer', 'a', 'inner', 'b']);
    expect(outer.nodes.get('outer')!.isTrigger).toBe(true);
    expect(outer.nodes.get('a')!.incoming.map((e) => e.source)).toEqual(['outer']);
    expect(outer.nodes.get('b')!.incoming.map((e) => e.source)).toEqual(['a']);
    expect(plan.bodies.get('inner')!.order).toEqual(['inner', 'c']);
    expect(planOfRun(plan, 'in')).toBe(plan);
    expect(planOfRun(plan, 'inner')).toBe(plan.bodies.get('inner'));
    expect(() => planOfRun(plan, 'a')).toThrow('flow plan-loops has no trigger or loop "a"');
  });

  it('refuses an edge across a body boundary', () => {
    expect(() => buildPlan(def(['b>after']), 1, findNode)).toThrow('edge "e4" crosses the boundary of a loop body');
  });
});
