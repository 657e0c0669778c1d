import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { nodeRegistry } from '../../nodes/registry.ts';
import { testWeft } from '../support/weft.ts';
import { client } from '../support/api.ts';

let weft: Weft;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
});
afterAll(() => weft.close(100));

interface NodeType {
  type: string;
  typeVersion: number;
  ports: { inputs: string[]; outputs: string[] };
  configSchema: { type?: string; properties?: Record<string, unknown> };
  expressionFields: string[][];
  trigger: string | null;
}

describe('API: node catalogue', () => {
  it('lists every node kind with its ports and config JSON Schema', async () => {
    const res = await call('GET', '/api/node-types');
    expect(res.status).toBe(200);
    const types = res.body.nodeTypes as NodeType[];
    expect(types.map((t) => `${t.type}@${t.typeVersion}`).sort()).toEqual(
      nodeRegistry.map((d) => `${d.type}@${d.typeVersion}`).sort(),
    );
    for (const t of types) {
      expect(t.configSchema, t.type).toMatchObject({ type: 'object' });
      expect(Array.isArray(t.ports.inputs) && Array.isArray(t.ports.outputs), t.type).toBe(true);
      expect(t.configSchema.properties, t.type).toHaveProperty('retry');
    }
    const byType = Object.fromEntries(types.map((t) => [t.type, t]));
    expect(byType['map.jsonata'].expressionFields).toEqual([['expression']]);
    expect(byType['map.jsonata'].ports).toEqual({ inputs: ['in'], outputs: ['out'] });
    expect(byType['validate.schema'].ports.outputs).toEqual(['valid', 'invalid']);
    expect(byType['validate.schema'].expressionFields).toEqual([['rules', '*', 'expression']]);
    expect(byType['control.switch'].ports.outputs).toEqual(['default']);
    expect(byType['trigger.webhook']).toMatchObject({ trigger: 'webhook', ports: { inputs: [], outputs: ['out'] } });
    expect(byType['connector.http'].configSchema.properties).toHaveProperty('url');
  });
});

describe('API: expression preview', () => {
  it('evaluates an expression on an input with bindings', async () => {
    const res = await call('POST', '/api/expressions/evaluate', {
      expression:
        "{ 'total': $sum(lines.(qty * rate)), 'who': $trigger.body.user, 'prev': $steps.map.code, 'run': $run.id }",
      input: {
        lines: [
          { qty: 2, rate: 10 },
          { qty: 1, rate: 5 },
        ],
      },
      bindings: { trigger: { body: { user: 'ana' } }, steps: { map: { code: 'PRJ-1' } } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, result: { total: 25, who: 'ana', prev: 'PRJ-1', run: 'preview' } });
    expect((await call('POST', '/api/expressions/evaluate', { expression: '=1 + 1' })).body).toEqual({
      ok: true,
      result: 2,
    });
    expect((await call('POST', '/api/expressions/evaluate', { expression: 'missing' })).body).toEqual({
      ok: true,
      result: null,
    });
  });

  it('reports a syntax error with its position, and an evaluation error', async () => {
    const syntax = await call('POST', '/api/expressions/evaluate', { expression: "{ 'a': budget > }" });
    expect(syntax.status).toBe(200);
    expect(syntax.body).toMatchObject({
      ok: false,
      error: { code: 'expression_syntax', position: expect.any(Number), message: expect.any(String) },
    });
    expect(syntax.body.error.position).toBeGreaterThanOrEqual(15);

    const failing = await call('POST', '/api/expressions/evaluate', { expression: "$number('x') + 1" });
    expect(failing.body).toMatchObject({ ok: false, error: { code: 'expression_error' } });
    expect((await call('POST', '/api/expressions/evaluate', { input: 1 })).status).toBe(400);
  });
});

describe('API: service endpoints', () => {
  it('answers /healthz', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('describes itself in /api/openapi.json', async () => {
    const res = await call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/flows',
      '/flows/{id}',
      '/flows/{id}/publish',
      '/runs',
      '/runs/{id}',
      '/runs/{id}/retry',
      '/node-types',
      '/expressions/evaluate',
    ])
      expect(paths, p).toContain(p);
    expect(Object.keys(res.body.paths['/flows/{id}']).sort()).toEqual(['delete', 'get', 'put']);
  });

  it('answers an unknown API route with a coded 404', async () => {
    const res = await call('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', message: expect.any(String) });
  });
});

describe('API: expression preview limits', () => {
  it('answers an endless expression with a clear error and keeps serving', async () => {
    const limited = await testWeft({ config: { expressionTimeoutMs: 100 } });
    const callLimited = client(limited);
    try {
      const res = await callLimited('POST', '/api/expressions/evaluate', {
        expression: '($f := function($n){ $f($n + 1) }; $f(0))',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ok: false,
        error: { code: 'expression_error', message: expect.stringMatching(/timeout after 100 milliseconds/) },
      });
      expect((await callLimited('POST', '/api/expressions/evaluate', { expression: '2 * 21' })).body).toEqual({
        ok: true,
        result: 42,
      });
    } finally {
      await limited.close(100);
    }
  });
});
