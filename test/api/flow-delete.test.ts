import { describe, expect, it } from 'vitest';
import { start, finished } from '../support/weft.ts';
import { apiPerTest } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

const api = apiPerTest();

const invoices = (expression = '$') => ({
  ...flow('invoices', { in: n.manual(), out: n.map(expression) }, ['in>out']),
  name: 'Invoices',
});

/** Rows in every table with a flow_id or run_id column that belong to the flow or to one of the runs. */
function leftovers(flowId: string, runIds: string[]): Record<string, number> {
  const sqlite = api.weft.db.$client;
  const tables = sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
    )
    .pluck()
    .all() as string[];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const cols = (sqlite.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    const where = [
      ...(cols.includes('flow_id') ? ['flow_id = @flowId'] : []),
      ...(cols.includes('run_id') ? ['run_id IN (SELECT value FROM json_each(@runIds))'] : []),
      ...(t === 'runs' ? ['id IN (SELECT value FROM json_each(@runIds))'] : []),
      ...(t === 'flows' ? ['id = @flowId'] : []),
    ];
    if (where.length === 0) continue;
    out[t] = sqlite
      .prepare(`SELECT count(*) FROM ${t} WHERE ${where.join(' OR ')}`)
      .pluck()
      .get({ flowId, runIds: JSON.stringify(runIds) }) as number;
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
    const runIds = api.weft.db.$client
      .prepare(`SELECT id FROM runs WHERE flow_id = 'invoices'`)
      .pluck()
      .all() as string[];
    expect(runIds).toHaveLength(2);
    // Rows operators and recovery leave behind.
    api.weft.db.$client
      .prepare(`INSERT INTO run_actions (run_id, at, action, note) VALUES (?, 1, 'discard', 'set aside')`)
      .run(live.runId);
    api.weft.db.$client
      .prepare(`INSERT INTO step_recoveries (run_id, node_id, count) VALUES (?, 'out', 1)`)
      .run(live.runId);
    api.weft.db.$client.prepare(`INSERT INTO run_payloads (run_id, hash, data) VALUES (?, 'h', '{}')`).run(live.runId);
    api.weft.db.$client
      .prepare(`INSERT INTO webhook_signatures (flow_id, signature, expires_at) VALUES ('invoices', 'sig', ?)`)
      .run(Date.now() + 60_000);
    const before = leftovers('invoices', runIds);
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
    expect(Object.entries(leftovers('invoices', runIds)).filter(([, count]) => count > 0)).toEqual([]);

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
    api.weft.db.$client
      .prepare(`INSERT INTO runs (id, flow_id, version, mode, status, trigger_node, trigger, created_at, updated_at)
      VALUES ('run-open', 'invoices', NULL, 'test', 'waiting_approval', 'in', '{}', ?, ?)`)
      .run(now, now);
    const del = await api.call('DELETE', '/api/flows/invoices');
    expect(del.status).toBe(409);
    expect(del.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('1 unfinished run') });
    expect(leftovers('invoices', ['run-open'])).toMatchObject({ flows: 1, runs: 1, retention_policies: 1 });
  });
});
