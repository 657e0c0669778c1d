import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateFlow } from './validate-flow.ts';
import { findNode } from '../../nodes/registry.ts';
import type { FlowProblem } from '../../shared/problems.ts';
import { flow, n } from '../../test/support/flows.ts';

const check = (def: unknown) => validateFlow(def, findNode);
const errors = (def: unknown) => check(def).filter((p) => p.severity === 'error');
const codes = (ps: FlowProblem[]) => ps.map((p) => p.code);

/** A clean flow: webhook → map → validate → (valid) http / (invalid) respond. */
function base() {
  return flow(
    'base',
    {
      in: n.webhook('orders'),
      map: n.map("{ 'id': order.id, 'budget': order.budget }"),
      check: n.validate({ type: 'object', required: ['id'] }, [
        { expression: 'budget > 0', message: 'budget must be positive' },
      ]),
      send: n.http('http://127.0.0.1:9/erp'),
      reject: n.respond({ status: 422, body: '={ "errors": errors }' }),
    },
    ['in>map', 'map>check', 'check:valid>send', 'check:invalid>reject'],
  );
}

describe('validateFlow', () => {
  it('finds nothing wrong with a clean flow or the example flow', () => {
    expect(check(base())).toEqual([]);
    const example = JSON.parse(
      readFileSync(new URL('../../test/fixtures/opportunity-won-to-erp.json', import.meta.url), 'utf8'),
    );
    expect(check(example)).toEqual([]);
  });

  it('reports the shape problems of a malformed definition with their paths', () => {
    const def = base();
    def.nodes[1].id = '-bad id';
    const ps = check(def);
    expect(ps).toEqual([expect.objectContaining({ severity: 'error', code: 'schema', path: 'nodes.1.id' })]);
    expect(check({ id: 'x' }).every((p) => p.code === 'schema')).toBe(true);
  });

  it('reports an unknown node type', () => {
    const def = base();
    def.nodes.push({ id: 'mystery', type: 'acme.widget', typeVersion: 1, config: {} });
    def.edges.push({ id: 'e9', source: 'map', target: 'mystery' });
    expect(errors(def)).toEqual([expect.objectContaining({ code: 'unknown_type', nodeId: 'mystery', path: 'type' })]);
    const v2 = base();
    v2.nodes[1].typeVersion = 2;
    expect(errors(v2)).toEqual([expect.objectContaining({ code: 'unknown_type', nodeId: 'map' })]);
  });

  it('reports a dangling edge', () => {
    const def = base();
    def.edges.push({ id: 'loose', source: 'map', target: 'ghost' });
    expect(errors(def)).toEqual([expect.objectContaining({ code: 'dangling_edge', edgeId: 'loose' })]);
    expect(errors(def)[0].message).toContain('ghost');
  });

  it('reports an unknown output port and an unknown input port', () => {
    const def = base();
    def.edges.push({ id: 'maybe', source: 'check', sourcePort: 'maybe', target: 'send' });
    def.edges.push({ id: 'side', source: 'map', target: 'send', targetPort: 'side' });
    const ps = errors(def);
    expect(ps).toContainEqual(expect.objectContaining({ code: 'unknown_port', edgeId: 'maybe', nodeId: 'check' }));
    expect(ps).toContainEqual(expect.objectContaining({ code: 'unknown_port', edgeId: 'side', nodeId: 'send' }));
    expect(ps.find((p) => p.edgeId === 'maybe')!.message).toContain('valid, invalid');
  });

  it('reports an edge into a trigger', () => {
    const def = base();
    def.nodes.push({ id: 'manual', type: 'trigger.manual', typeVersion: 1, config: {} });
    def.edges.push({ id: 'into', source: 'map', target: 'manual' });
    expect(errors(def)).toEqual([
      expect.objectContaining({ code: 'edge_into_trigger', edgeId: 'into', nodeId: 'manual' }),
    ]);
  });

  it('reports a flow without a trigger', () => {
    const def = flow('none', { a: n.map('1'), b: n.map('2') }, ['a>b']);
    expect(codes(errors(def))).toEqual(['no_trigger']);
  });

  it('warns about an unreachable node without making the flow invalid', () => {
    const def = base();
    def.nodes.push({ id: 'island', type: 'map.jsonata', typeVersion: 1, config: { expression: '1' } });
    expect(check(def)).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'unreachable', nodeId: 'island' }),
    ]);
  });

  it('reports a second edge joining the same ports, not the first', () => {
    const def = base();
    def.edges.push({ id: 'again', source: 'check', sourcePort: 'valid', target: 'send', targetPort: 'in' });
    expect(errors(def)).toEqual([
      expect.objectContaining({
        code: 'duplicate_edge',
        edgeId: 'again',
        nodeId: 'send',
        message: expect.stringMatching(/already connected/),
      }),
    ]);
  });

  it('reports a node feeding itself as a cycle', () => {
    const def = base();
    def.edges.push({ id: 'self', source: 'map', target: 'map' });
    expect(errors(def)).toEqual([
      expect.objectContaining({ code: 'cycle', message: expect.stringMatching(/map → map/) }),
    ]);
  });

  it('checks the outputs a switch names in its cases and the error output of a node routing its errors', () => {
    const def = base();
    def.nodes.push({
      id: 'route',
      type: 'control.switch',
      typeVersion: 1,
      config: { cases: [{ port: 'big', when: 'budget > 100' }] },
    });
    def.nodes[1].config = { ...def.nodes[1].config, onError: 'route' };
    def.edges.push({ id: 'e-route', source: 'map', sourcePort: 'error', target: 'route' });
    def.edges.push({ id: 'e-big', source: 'route', sourcePort: 'big', target: 'send' });
    def.edges.push({ id: 'e-small', source: 'route', sourcePort: 'small', target: 'send' });
    expect(errors(def)).toEqual([
      expect.objectContaining({
        code: 'unknown_port',
        edgeId: 'e-small',
        message: expect.stringContaining('(it has: big, default)'),
      }),
    ]);
  });

  it('reports a cycle', () => {
    const def = base();
    def.edges.push({ id: 'back', source: 'send', target: 'map' });
    const ps = errors(def);
    expect(codes(ps)).toEqual(['cycle']);
    expect(ps[0].message).toMatch(/map → check → send → map/);
  });

  it('reports JSONata syntax errors with node id, config path and position', () => {
    const def = base();
    def.nodes[1].config = { expression: '$sum(lines.(qty*rate)' };
    def.nodes[2].config = { schema: {}, rules: [{ expression: 'budget >', message: 'm' }] };
    def.nodes[3].config = { method: 'POST', url: 'http://127.0.0.1:9/erp', body: '=$foo(' };
    def.nodes[4].config = { status: 422, body: '=={ not an expression' };
    const ps = errors(def);
    expect(ps).toHaveLength(3);
    expect(ps).toContainEqual(
      expect.objectContaining({ code: 'expression_syntax', nodeId: 'map', path: 'config.expression', position: 21 }),
    );
    expect(ps).toContainEqual(
      expect.objectContaining({
        code: 'expression_syntax',
        nodeId: 'check',
        path: 'config.rules.0.expression',
        position: 8,
      }),
    );
    expect(ps).toContainEqual(
      expect.objectContaining({ code: 'expression_syntax', nodeId: 'send', path: 'config.body', position: 5 }),
    );
  });

  it('reports a businessKey setting that does not compile, naming the setting; accepts one with or without "="', () => {
    const def = { ...base(), settings: { businessKey: '=invoice.(number' } };
    const ps = errors(def);
    expect(ps).toEqual([expect.objectContaining({ code: 'expression_syntax', path: 'settings.businessKey' })]);
    expect(ps[0].message).toMatch(/^businessKey: /);
    expect(ps[0].position).toEqual(expect.any(Number));
    expect(check({ ...base(), settings: { businessKey: '=invoice.number' } })).toEqual([]);
    expect(check({ ...base(), settings: { businessKey: "'INV-' & invoice.number" } })).toEqual([]);
  });

  it("checks the business settings' shape: criticality, lengths and service levels", () => {
    const settings = (s: Record<string, unknown>) => check({ ...base(), settings: s });
    expect(
      settings({
        businessProcess: 'Quote-to-cash',
        criticality: 'critical',
        owner: 'Finance IT',
        sla: { maxDurationMs: 60_000, freshnessMs: 3_600_000 },
      }),
    ).toEqual([]);
    expect(settings({ criticality: 'urgent' })).toEqual([
      expect.objectContaining({ code: 'schema', path: 'settings.criticality' }),
    ]);
    expect(settings({ businessProcess: 'x'.repeat(81) })).toEqual([
      expect.objectContaining({ code: 'schema', path: 'settings.businessProcess' }),
    ]);
    expect(settings({ sla: { maxDurationMs: -1 } })).toEqual([
      expect.objectContaining({ code: 'schema', path: 'settings.sla.maxDurationMs' }),
    ]);
    expect(settings({ sla: { within: 5 } })).toEqual([
      expect.objectContaining({ code: 'schema', path: 'settings.sla' }),
    ]);
  });

  it('accepts an optional "=" in always-expression fields', () => {
    const def = base();
    def.nodes[1].config = { expression: "={ 'id': order.id }" };
    expect(check(def)).toEqual([]);
  });

  it('reports invalid config but not where the value is an "=expression"', () => {
    const def = base();
    def.nodes[3].config = {
      method: 'POST',
      url: '=$trigger.body.callback',
      timeoutMs: '=$trigger.body.timeout',
      headers: '=$trigger.body.headers',
    };
    expect(check(def)).toEqual([]);

    def.nodes[3].config = { method: 'FETCH', url: 'not a url', timeoutMs: 0 };
    const ps = errors(def).filter((p) => p.nodeId === 'send');
    expect(ps.every((p) => p.code === 'invalid_config')).toBe(true);
    expect(ps.map((p) => p.path).sort()).toEqual(['config.method', 'config.timeoutMs', 'config.url']);

    const noExpr = base();
    noExpr.nodes[1].config = {};
    expect(errors(noExpr)).toEqual([
      expect.objectContaining({
        code: 'invalid_config',
        nodeId: 'map',
        path: 'config.expression',
        message: 'expression is required',
      }),
    ]);
    expect(ps.find((p) => p.path === 'config.timeoutMs')?.message).toMatch(/^timeoutMs: /);
  });

  it('reports two webhook triggers on the same method and path', () => {
    const def = base();
    def.nodes.push({ id: 'again', type: 'trigger.webhook', typeVersion: 1, config: { path: 'orders' } });
    def.edges.push({ id: 'e9', source: 'again', target: 'map' });
    expect(errors(def)).toEqual([
      expect.objectContaining({ code: 'duplicate_webhook', nodeId: 'again', path: 'config.path' }),
    ]);

    def.nodes[def.nodes.length - 1].config = { path: 'orders', method: 'PUT' };
    expect(errors(def)).toEqual([]);
  });

  it('reports duplicate node and edge ids', () => {
    const def = base();
    def.nodes.push({ ...def.nodes[1] });
    def.edges.push({ ...def.edges[0] });
    const ps = errors(def);
    expect(ps).toContainEqual(expect.objectContaining({ code: 'duplicate_id', nodeId: 'map' }));
    expect(ps).toContainEqual(expect.objectContaining({ code: 'duplicate_id', edgeId: 'e1' }));
  });
});
