import { describe, expect, it } from 'vitest';
import { start, finished } from '../support/weft.ts';
import { apiPerTest } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { column, count, execute, tableColumns } from '../support/rows.ts';

const api = apiPerTest();

const invoices = (expression = '$') => ({
  ...flow('invoices', { in: n.manual(), out: n.map(expression) }, ['in>out']),
  name: 'Invoices',
});

/** Rows in every table with a flow_id or run_id column that belong to the flow or to one of the runs. */
async function leftovers(flowId: string, runIds: string[]): Promise<Record<string, number>> {
  const ids = runIds.map(() => '?').join(', ');
  const out: Record<string, number> = {};
  for (const [t, cols] of await tableColumns(api.weft)) {
    const where: [string, unknown[]][] = [
      ...(cols.includes('flow_id') ? [['flow_id = ?', [flowId]] as [string, unknown[]]] : []),
      ...(cols.includes('run_id') ? [[`run_id IN (${ids})`, runIds] as [string, unknown[]]] : []),
      ...(t === 'runs' ? [[`id IN (${ids})`, runIds] as [string, unknown[]]] : []),
      ...(t === 'flows' ? [['id = ?', [flowId]] as [string, unknown[]]] : []),
    ];
    if (where.length === 0) continue;
    out[t] = await count(
      api.weft,
      t,
      where.map(([w]) => w).join(' OR '),
      where.flatMap(([, p]) => p),
    );
  }
  return out;
}

describe('deleting a flow', () => {
  it('removes its retention policy, runs and every row that belongs to them; a new flow with the same id starts clean', async () => {
    expect((await api.call('POST', '/api/flows', invoices())).status).toBe(201);
    expect((await api.call('POST', '/api/flows/invoices/publish')).status).toBe(201);
    expect((await api.call('POST', '/api/flows/invoices/activate', { version: 1 })).status).toBe(200);
    expect((await api.call('PUT', '/api/retention/invoices', { days: 1, keepSuccessPayloads: false })).status).toBe(
      200,
    );
    const plan = await api.weft.engine.planFor('invoices', 1);
    const live = await start(api.weft, plan, { n: 1 }, { dedupeKey: 'inv-1' });
    await finished(api.weft, live.runId);
    const test = await api.call('POST', '/api/flows/invoices/test', { input: { n: 2 } });
    expect(test.status).toBe(200);
    const runIds = await column<string>(api.weft, `SELECT id FROM runs WHERE flow_id = 'invoices'`);
    expect(runIds).toHaveLength(2);
    // Rows operators and recovery leave behind.
    const w = api.weft;
    await execute(w, `INSERT INTO run_actions (run_id, at, action, note) VALUES (?, 1, 'discard', 'set aside')`, [
      live.runId,
    ]);
    await execute(w, `INSERT INTO step_recoveries (run_id, node_id, count) VALUES (?, 'out', 1)`, [live.runId]);
    await execute(w, `INSERT INTO run_payloads (run_id, hash, data) VALUES (?, 'h', '{}')`, [live.runId]);
    await execute(w, `INSERT INTO webhook_signatures (flow_id, signature, expires_at) VALUES ('invoices', 'sig', ?)`, [
      Date.now() + 60_000,
    ]);
    const before = await leftovers('invoices', runIds);
    for (const t of [
      'flows',
      'flow_versions',
      'activations',
      'runs',
      'steps',
      'trigger_dedupe',
      'retention_policies',
      'run_actions',
      'step_recoveries',
      'run_payloads',
      'webhook_signatures',
    ])
      expect(before[t], t).toBeGreaterThan(0);

    expect((await api.call('POST', '/api/flows/invoices/deactivate')).status).toBe(200);
    expect((await api.call('DELETE', '/api/flows/invoices')).status).toBe(204);
    expect(Object.entries(await leftovers('invoices', runIds)).filter(([, count]) => count > 0)).toEqual([]);

    expect((await api.call('POST', '/api/flows', invoices('{"again": true}'))).status).toBe(201);
    expect((await api.call('GET', '/api/runs?flowId=invoices')).body.runs).toEqual([]);
    const retention = (await api.call('GET', '/api/retention')).body;
    expect(retention.rules).toEqual([]);
    expect(retention.flows).toEqual([
      expect.objectContaining({
        flowId: 'invoices',
        source: 'default',
        policy: { days: null, keepSuccessPayloads: true },
      }),
    ]);

    // Its version 1 is the new definition, not the deleted flow's.
    expect((await api.call('POST', '/api/flows/invoices/publish')).status).toBe(201);
    expect((await api.call('POST', '/api/flows/invoices/activate', { version: 1 })).status).toBe(200);
    const again = await start(api.weft, await api.weft.engine.planFor('invoices', 1), { n: 3 });
    await finished(api.weft, again.runId);
    expect((await api.weft.store.runs.steps(again.runId)).find((s) => s.nodeId === 'out')?.output).toContain('again');
  });

  it('refuses while a run of the flow is unfinished, and deletes nothing', async () => {
    expect((await api.call('POST', '/api/flows', invoices())).status).toBe(201);
    expect((await api.call('PUT', '/api/retention/invoices', { days: 7, keepSuccessPayloads: true })).status).toBe(200);
    const now = Date.now();
    await execute(
      api.weft,
      `INSERT INTO runs (id, flow_id, version, mode, status, trigger_node, trigger, created_at, updated_at)
      VALUES ('run-open', 'invoices', NULL, 'test', 'waiting_approval', 'in', '{}', ?, ?)`,
      [now, now],
    );
    const del = await api.call('DELETE', '/api/flows/invoices');
    expect(del.status).toBe(409);
    expect(del.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('1 unfinished run') });
    expect(await leftovers('invoices', ['run-open'])).toMatchObject({ flows: 1, runs: 1, retention_policies: 1 });
  });
});
