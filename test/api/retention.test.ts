import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy, start, finished, TEST_STORE } from '../support/weft.ts';
import { execute } from '../support/rows.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
beforeEach(async () => {
  weft = await testWeft();
  call = client(weft);
  await deploy(weft, { ...flow('invoices', { in: n.manual(), out: n.map('$') }, ['in>out']), name: 'Invoices' });
  await deploy(weft, { ...flow('contracts', { in: n.manual(), out: n.map('$') }, ['in>out']), name: 'Contracts' });
});
afterEach(() => weft.close(0));

const policyAudit = () => weft.audit.list({ action: 'retention.policy_changed' });

describe('retention API', () => {
  it("GET shows every flow's policy (keep forever until an admin sets one), the database size and no prune yet", async () => {
    const res = await call('GET', '/api/retention');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      default: { days: null, keepSuccessPayloads: true, updatedAt: null },
      rules: [],
      flows: [
        {
          flowId: 'contracts',
          name: 'Contracts',
          policy: { days: null, keepSuccessPayloads: true },
          source: 'default',
        },
        { flowId: 'invoices', name: 'Invoices', policy: { days: null, keepSuccessPayloads: true }, source: 'default' },
      ],
      lastPrune: null,
      intervalMin: 60,
    });
    const db = res.body.database;
    if (TEST_STORE === 'postgres') {
      // The server's size of the database, in its blocks; freed space is the server's (auto)vacuum's.
      expect(db.pageCount).toBe(Math.ceil(db.bytes / db.pageSize));
      expect(db).toMatchObject({ freelistPages: 0, fileBytes: null, walBytes: null, autoVacuum: 'none' });
    } else {
      expect(db.bytes).toBe(db.pageCount * db.pageSize);
      expect(db).toMatchObject({
        freelistPages: expect.any(Number),
        fileBytes: null,
        walBytes: null,
        autoVacuum: 'incremental',
      });
    }
    expect(db.bytes).toBeGreaterThan(0);
  });

  it("PUT sets a flow's policy and the default, each change audited with before and after", async () => {
    const put = await call('PUT', '/api/retention/invoices', { days: 30, keepSuccessPayloads: false });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      flowId: 'invoices',
      days: 30,
      keepSuccessPayloads: false,
      updatedBy: 'bootstrap',
    });
    expect((await call('PUT', '/api/retention/invoices', { days: 90, keepSuccessPayloads: false })).status).toBe(200);
    expect((await call('PUT', '/api/retention/*', { days: 365, keepSuccessPayloads: true })).status).toBe(200);

    const [dflt, second, first] = await policyAudit();
    expect(first).toMatchObject({
      actorKind: 'token',
      actorName: 'bootstrap',
      target: 'invoices',
      before: null,
      after: { days: 30, keepSuccessPayloads: false },
    });
    expect(second).toMatchObject({ target: 'invoices', before: { days: 30 }, after: { days: 90 } });
    expect(dflt).toMatchObject({ target: '*', before: null, after: { days: 365, keepSuccessPayloads: true } });

    const view = (await call('GET', '/api/retention')).body;
    expect(view.default).toMatchObject({ days: 365, keepSuccessPayloads: true, updatedBy: 'bootstrap' });
    expect(view.flows).toEqual([
      { flowId: 'contracts', name: 'Contracts', policy: { days: 365, keepSuccessPayloads: true }, source: 'default' },
      { flowId: 'invoices', name: 'Invoices', policy: { days: 90, keepSuccessPayloads: false }, source: 'flow' },
    ]);
  });

  it('PUT refuses unknown flows (404) and malformed policies (400 saying what and where)', async () => {
    const unknown = await call('PUT', '/api/retention/nope', { days: 1, keepSuccessPayloads: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('flow "nope" not found');
    const bad: [unknown, string][] = [
      [{ days: 0, keepSuccessPayloads: true }, 'days'],
      [{ days: 1.5, keepSuccessPayloads: true }, 'days'],
      [{ days: '30', keepSuccessPayloads: true }, 'days'],
      [{ days: 36_501, keepSuccessPayloads: true }, 'days'],
      [{ days: 30 }, 'keepSuccessPayloads'],
      [{ days: 30, keepSuccessPayloads: 'no' }, 'keepSuccessPayloads'],
      [{ days: 30, keepSuccessPayloads: true, forever: true }, ''],
    ];
    for (const [body, path] of bad) {
      const res = await call('PUT', '/api/retention/invoices', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
      expect(res.body.error.details.issues[0].path, JSON.stringify(body)).toBe(path);
    }
    expect((await call('PUT', '/api/retention/invoices', '{"days":')).status).toBe(400);
    expect(await policyAudit()).toEqual([]);
    expect(
      (
        await call(
          'PUT',
          '/api/retention/invoices',
          { days: 1, keepSuccessPayloads: true },
          { authorization: `Bearer ${(await weft.identity.createToken('ops', 'operator', null, null)).token}` },
        )
      ).status,
    ).toBe(403);
  });

  it('DELETE puts a flow back on the default and the default back to keep forever', async () => {
    await call('PUT', '/api/retention/*', { days: 14, keepSuccessPayloads: true });
    await call('PUT', '/api/retention/invoices', { days: 3, keepSuccessPayloads: false });
    const del = await call('DELETE', '/api/retention/invoices');
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ flowId: 'invoices', removed: true, policy: { days: 14, keepSuccessPayloads: true } });
    expect((await policyAudit())[0]).toMatchObject({
      target: 'invoices',
      before: { days: 3, keepSuccessPayloads: false },
      after: null,
    });
    // Nothing to remove: answered, not audited.
    expect((await call('DELETE', '/api/retention/invoices')).body).toMatchObject({ removed: false });
    expect(await policyAudit()).toHaveLength(3);
    expect((await call('DELETE', '/api/retention/nope')).status).toBe(404);
    expect((await call('DELETE', '/api/retention/*')).body).toEqual({
      flowId: '*',
      removed: true,
      policy: { days: null, keepSuccessPayloads: true },
    });
    expect((await call('GET', '/api/retention')).body.rules).toEqual([]);
  });

  it('POST /run prunes now, as the caller, and GET shows the result', async () => {
    const plan = await weft.engine.planFor('invoices', 1);
    const { runId } = await start(weft, plan, { n: 1 });
    await finished(weft, runId);
    await execute(weft, 'UPDATE runs SET created_at = created_at - ?, finished_at = finished_at - ? WHERE id = ?', [
      5 * 86_400_000,
      5 * 86_400_000,
      runId,
    ]);
    await call('PUT', '/api/retention/invoices', { days: 2, keepSuccessPayloads: true });

    const res = await call('POST', '/api/retention/run');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      by: 'bootstrap',
      runsDeleted: 1,
      payloadsDropped: 0,
      complete: true,
      flows: [{ flowId: 'invoices', runsDeleted: 1, payloadsDropped: 0 }],
    });
    expect((await call('GET', `/api/runs/${runId}`)).status).toBe(404);
    expect((await weft.audit.list({ action: 'retention.pruned' }))[0]).toMatchObject({
      actorName: 'bootstrap',
      detail: { runsDeleted: 1, bytesFreed: expect.any(Number), database: { bytes: expect.any(Number) } },
    });
    expect((await call('GET', '/api/retention')).body.lastPrune).toEqual(res.body);
  });
});
