import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import type { PostgresStore } from '../store/postgres/postgres-store.ts';
import { PostgresSql } from '../store/postgres/postgres-sql.ts';
import { SqlRunStore } from '../store/parts/runs.ts';
import { flow, n } from '../../test/support/flows.ts';
import { count, value } from '../../test/support/rows.ts';
import { until } from '../../test/support/poll.ts';
import { deploy, finished, start, TEST_STORE, testWeft } from '../../test/support/weft.ts';
import type { FlowPlan } from './plan.ts';

/**
 * Two processes on one PostgreSQL database take the same event at once: both find its dedupe key free,
 * and the second to claim it waits for the first's transaction. Here the first is a transaction opened
 * by hand (another process's), held open until the engine's claim waits for it.
 */
describe.skipIf(TEST_STORE !== 'postgres')('engine: one dedupe key claimed by two processes at once', () => {
  let weft: Weft;
  let other: pg.Client;
  let plan: FlowPlan;

  beforeEach(async () => {
    weft = await testWeft();
    plan = await deploy(weft, flow('dedupe-race', { in: n.manual(), m: n.map('id') }, ['in>m']));
    other = new pg.Client({ connectionString: (weft.store as PostgresStore).pool.options.connectionString });
    await other.connect();
  });
  afterEach(async () => {
    await other.end();
    await weft.close(100);
  });

  /** The other process, inside its open transaction, has stored its run with the key. */
  async function otherClaims(key: string): Promise<string> {
    const runId = 'run_000000000000000000otherprocess';
    const now = Date.now();
    await other.query('BEGIN');
    const runs = new SqlRunStore(new PostgresSql(other));
    await runs.insertRun({
      id: runId,
      flowId: plan.flowId,
      version: plan.version,
      mode: 'live',
      status: 'running',
      triggerNode: 'in',
      trigger: JSON.stringify({ body: { id: 0 } }),
      dedupeKey: key,
      createdAt: now,
      updatedAt: now,
    });
    expect(await runs.claimDedupe(plan.flowId, key, runId, now)).toBeNull();
    return runId;
  }

  /** Waits (bounded) until a session of the runtime waits for a lock: its claim of the key waits for the other's. */
  const claimWaits = () =>
    until(
      async () =>
        Number(
          await value(
            weft,
            `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          ),
        ) > 0,
      "the runtime's claim to wait for the other transaction",
    );

  it("answers the other process's run as the first once its claim commits, and keeps no run of its own", async () => {
    const first = await otherClaims('order-9');
    const racing = start(weft, plan, { id: 9 }, { dedupeKey: 'order-9' });
    await claimWaits();
    await other.query('COMMIT');
    expect(await racing).toEqual({ runId: first, duplicate: true });
    expect(await count(weft, 'runs', 'flow_id = ?', [plan.flowId])).toBe(1);
    expect(await weft.store.runs.dedupeHolder(plan.flowId, 'order-9')).toBe(first);
  });

  it('starts its own run with the key when the other process rolls back', async () => {
    await otherClaims('order-10');
    const racing = start(weft, plan, { id: 10 }, { dedupeKey: 'order-10' });
    await claimWaits();
    await other.query('ROLLBACK');
    const started = await racing;
    expect(started.duplicate).toBe(false);
    expect((await finished(weft, started.runId)).status).toBe('succeeded');
    expect(await weft.store.runs.dedupeHolder(plan.flowId, 'order-10')).toBe(started.runId);
  });
});
