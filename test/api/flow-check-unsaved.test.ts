import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
  expect(
    (await call('POST', '/api/flows', flow('checked', { in: n.manual(), out: n.map('$') }, ['in>out']))).status,
  ).toBe(201);
});
afterAll(async () => {
  await weft.close(100);
});

describe('POST /api/flows/:id/validate', () => {
  it('checks the saved draft when nothing is sent', async () => {
    const res = await call('POST', '/api/flows/checked/validate');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ valid: true, problems: [] });
  });

  it('checks the definition sent, as the designer shows it, without saving it', async () => {
    const unsaved = flow('checked', { in: n.manual(), out: n.map('$ +') }, ['in>out']);
    const res = await call('POST', '/api/flows/checked/validate', { definition: unsaved });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'expression_syntax', nodeId: 'out' }),
    ]);
    expect((await call('POST', '/api/flows/checked/validate')).body.valid).toBe(true);
    expect((await call('GET', '/api/flows/checked')).body.revision).toBe(1);
  });

  it('reports a half-drawn definition as problems, and an unknown flow as 404', async () => {
    const res = await call('POST', '/api/flows/checked/validate', {
      definition: { id: 'checked', nodes: [{ id: 'x' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      valid: false,
      problems: [
        expect.objectContaining({ severity: 'error', code: 'schema', path: 'name' }),
        expect.objectContaining({ severity: 'error', code: 'schema', path: 'schemaVersion' }),
        expect.objectContaining({ severity: 'error', code: 'schema', path: 'nodes.0.type' }),
        expect.objectContaining({ severity: 'error', code: 'schema', path: 'edges' }),
      ],
    });
    expect((await call('POST', '/api/flows/nope/validate', { definition: {} })).status).toBe(404);
  });
});
