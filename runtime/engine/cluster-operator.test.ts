import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { testWeft, deploy, start } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { freshPostgres, postgresAvailable, type FreshPostgres } from '../../test/support/postgres.ts';

const available = (await postgresAvailable()) || !!process.env.CI;

/** Two runtimes on one PostgreSQL database: two processes of a cluster. */
describe.skipIf(!available)('operator actions from any process of a cluster', () => {
  let database: FreshPostgres;
  let a: Weft;
  let b: Weft;
  let stub: HttpStub;
  let closedA = false;

  beforeAll(async () => {
    stub = await HttpStub.start();
    database = await freshPostgres({ migrated: true });
    a = await testWeft({ config: { databaseUrl: database.url, workerId: 'a' } });
    b = await testWeft({ config: { databaseUrl: database.url, workerId: 'b' } });
  });
  afterAll(async () => {
    if (!closedA) await a?.close(1000);
    await b?.close(1000);
    await database?.drop();
    await stub?.close();
  });

  it('cancels through one process a run another executes: it ends cancelled there, its waiters hear so, and nothing after the step in flight runs', async () => {
    stub.respond('/slow', 'hold');
    const plan = await deploy(
      a,
      flow('held', { in: n.manual(), slow: n.http(`${stub.url}/slow`), after: n.http(`${stub.url}/after`) }, [
        'in>slow',
        'slow>after',
      ]),
    );
    const { runId } = await start(a, plan, { invoice: 'INV-1042' });
    await stub.waitForCalls('/slow', 1);
    const waiting = a.engine.waitFor(runId, 10_000, 'finish');

    await b.engine.cancel(runId, 'the invoice was withdrawn');

    expect((await b.store.runs.run(runId))?.status).toBe('cancelled');
    expect(await waiting).toMatchObject({ runId, status: 'cancelled' });
    // The step in flight finishes (stopping the process waits for it) but leads nowhere and leaves no row.
    stub.release('/slow', { status: 200, body: { ok: true } });
    await a.close(5000);
    closedA = true;
    expect((await b.store.runs.steps(runId)).map((s) => s.nodeId)).toEqual(['in']);
    expect(stub.calls('/after')).toEqual([]);
    expect((await b.store.runs.run(runId))?.status).toBe('cancelled');
    expect((await b.store.runs.actions(runId)).map((x) => x.action)).toEqual(['cancel']);
  });
});
