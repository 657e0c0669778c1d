import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

let weft: Weft;
let call: ReturnType<typeof client>;

beforeEach(async () => {
  weft = await testWeft();
  call = client(weft);
});
afterEach(() => weft.close(100));

const orders = (expression = "{ 'id': order.id, 'total': $sum(order.lines.amount) }") =>
  flow(
    'orders',
    {
      in: n.webhook('orders'),
      map: n.map(expression),
      reply: n.respond({ status: 201 }),
    },
    ['in>map', 'map>reply'],
  );

describe('API: drafts', () => {
  it('creates, lists, reads, saves and deletes a flow', async () => {
    const created = await call('POST', '/api/flows', orders());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ revision: 1, definition: { id: 'orders', nodes: expect.any(Array) } });
    expect(created.headers.get('etag')).toBe('"1"');

    const list = await call('GET', '/api/flows');
    expect(list.status).toBe(200);
    expect(list.body.flows).toEqual([
      expect.objectContaining({ id: 'orders', revision: 1, latestVersion: null, activeVersion: null, lastRun: null }),
    ]);

    const got = await call('GET', '/api/flows/orders');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ revision: 1, activeVersion: null, definition: { name: 'Test flow orders' } });
    expect(got.headers.get('etag')).toBe('"1"');

    const saved = await call('PUT', '/api/flows/orders', { definition: { ...orders(), name: 'Renamed' }, revision: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body.revision).toBe(2);
    expect(saved.headers.get('etag')).toBe('"2"');
    expect((await call('GET', '/api/flows/orders')).body.definition.name).toBe('Renamed');

    expect((await call('DELETE', '/api/flows/orders')).status).toBe(204);
    const gone = await call('GET', '/api/flows/orders');
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
    expect((await call('POST', '/api/flows', orders())).status).toBe(201);
    expect((await call('POST', '/api/flows', orders())).status).toBe(409);
  });

  it('refuses a save with a stale revision (body or If-Match) with 409 and keeps the newer draft', async () => {
    await call('POST', '/api/flows', orders());
    expect((await call('PUT', '/api/flows/orders', { definition: orders('1'), revision: 1 })).status).toBe(200);

    const stale = await call('PUT', '/api/flows/orders', { definition: orders('2'), revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', details: { currentRevision: 2 } });

    const staleHeader = await call('PUT', '/api/flows/orders', { definition: orders('3') }, { 'If-Match': '"1"' });
    expect(staleHeader.status).toBe(409);
    expect(staleHeader.body.error.code).toBe('conflict');

    const fresh = await call('PUT', '/api/flows/orders', { definition: orders('4') }, { 'If-Match': '"2"' });
    expect(fresh.status).toBe(200);
    expect(fresh.body.revision).toBe(3);

    const none = await call('PUT', '/api/flows/orders', { definition: orders('5') });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('bad_request');
    expect((await call('GET', '/api/flows/orders')).body).toMatchObject({
      revision: 3,
      definition: { nodes: [{}, { config: { expression: '4' } }, {}] },
    });
  });

  it('validates a draft', async () => {
    const broken = orders('$sum(');
    broken.edges.push({ id: 'loose', source: 'map', target: 'ghost' });
    await call('POST', '/api/flows', broken);
    const res = await call('POST', '/api/flows/orders/validate');
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.problems).toContainEqual(
      expect.objectContaining({ code: 'expression_syntax', nodeId: 'map', path: 'config.expression', position: 5 }),
    );
    expect(res.body.problems).toContainEqual(expect.objectContaining({ code: 'dangling_edge', edgeId: 'loose' }));

    await call('POST', '/api/flows', { ...orders(), id: 'clean' });
    expect((await call('POST', '/api/flows/clean/validate')).body).toEqual({ valid: true, problems: [] });
    expect((await call('POST', '/api/flows/nope/validate')).status).toBe(404);
  });

  it('test-runs a draft and returns the run with every step', async () => {
    await call('POST', '/api/flows', orders());
    const input = { order: { id: 'O-1', lines: [{ amount: 2 }, { amount: 3 }] } };
    const res = await call('POST', '/api/flows/orders/test', { input });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      flowId: 'orders',
      version: null,
      mode: 'test',
      status: 'succeeded',
      response: { status: 201, body: { id: 'O-1', total: 5 } },
    });
    expect(res.body.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['in', 'map', 'reply']);
    expect(res.body.steps[1]).toMatchObject({
      status: 'succeeded',
      input,
      output: { id: 'O-1', total: 5 },
      attempts: 1,
    });
    expect((await call('GET', `/api/runs/${res.body.id}`)).body.steps).toHaveLength(3);
    // A test run of a draft publishes nothing.
    expect((await call('GET', '/api/flows/orders/versions')).body.versions).toEqual([]);
  });
});

describe('API: versions and activation', () => {
  it('publishes (201), answers 200 for unchanged content and 422 for a draft with problems', async () => {
    await call('POST', '/api/flows', orders());
    const first = await call('POST', '/api/flows/orders/publish', { note: 'first cut' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ flowId: 'orders', version: 1, note: 'first cut', active: false });

    const same = await call('POST', '/api/flows/orders/publish');
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);

    await call('PUT', '/api/flows/orders', { definition: orders('$sum('), revision: 1 });
    const broken = await call('POST', '/api/flows/orders/publish');
    expect(broken.status).toBe(422);
    expect(broken.body.error.code).toBe('flow_has_problems');
    expect(broken.body.error.details.problems).toContainEqual(
      expect.objectContaining({ code: 'expression_syntax', nodeId: 'map' }),
    );

    await call('PUT', '/api/flows/orders', { definition: orders("{ 'v': 2 }"), revision: 2 });
    expect((await call('POST', '/api/flows/orders/publish')).body.version).toBe(2);
    const versions = await call('GET', '/api/flows/orders/versions');
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = await call('GET', '/api/flows/orders/versions/1');
    expect(v1.body).toMatchObject({
      version: 1,
      note: 'first cut',
      definition: { nodes: [{}, { config: { expression: orders().nodes[1].config!.expression } }, {}] },
    });
    expect((await call('GET', '/api/flows/orders/versions/9')).status).toBe(404);
  });

  it('activates, rolls back, deactivates, and refuses to delete an active flow', async () => {
    await call('POST', '/api/flows', orders());
    await call('POST', '/api/flows/orders/publish');
    await call('PUT', '/api/flows/orders', { definition: orders("{ 'v': 2 }"), revision: 1 });
    await call('POST', '/api/flows/orders/publish');

    expect((await call('POST', '/api/flows/orders/activate', { version: 3 })).status).toBe(404);
    const on = await call('POST', '/api/flows/orders/activate', { version: 2 });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ flowId: 'orders', activeVersion: 2 });
    expect((await call('POST', '/hooks/orders', { order: { id: 'A' } })).body).toEqual({ v: 2 });

    expect((await call('POST', '/api/flows/orders/activate', { version: 1 })).status).toBe(200);
    expect((await call('GET', '/api/flows/orders')).body.activeVersion).toBe(1);
    expect((await call('POST', '/hooks/orders', { order: { id: 'A', lines: [{ amount: 1 }] } })).body).toEqual({
      id: 'A',
      total: 1,
    });

    const del = await call('DELETE', '/api/flows/orders');
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('conflict');

    const off = await call('POST', '/api/flows/orders/deactivate');
    expect(off.body).toEqual({ flowId: 'orders', activeVersion: null, changed: true });
    expect((await call('POST', '/hooks/orders', {})).status).toBe(404);
    expect((await call('DELETE', '/api/flows/orders')).status).toBe(204);
  });

  it('refuses to activate a flow on a webhook path another active flow owns', async () => {
    for (const id of ['first', 'second']) {
      await call('POST', '/api/flows', { ...orders(), id });
      await call('POST', `/api/flows/${id}/publish`);
    }
    expect((await call('POST', '/api/flows/first/activate', { version: 1 })).status).toBe(200);
    const taken = await call('POST', '/api/flows/second/activate', { version: 1 });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'conflict', details: { flowId: 'first' } });
    expect((await call('GET', '/api/flows/second')).body.activeVersion).toBeNull();
  });
});
