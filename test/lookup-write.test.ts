import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../runtime/weft.ts';
import { sqlDialects } from './support/store-dialects.ts';
import { freshPostgres } from './support/postgres.ts';
import { deploy, finished, onFreshPostgres, start, stepRows, testWeft } from './support/weft.ts';
import { flow, n } from './support/flows.ts';
import { until } from './support/poll.ts';

/** A runtime on a new in-memory SQLite database, or on a new PostgreSQL database (dropped when it closes). */
const runtimes = [
  { name: 'SQLite', skip: false, open: () => testWeft({ config: { dataDir: ':memory:', databaseUrl: null } }) },
  {
    name: 'PostgreSQL',
    skip: sqlDialects.find((d) => d.name === 'PostgreSQL')!.skip,
    open: () => onFreshPostgres(),
  },
];

const writeXref = (mode?: 'upsert' | 'insert-only', table = 'crm_to_erp') => ({
  type: 'lookup.write',
  config: {
    table,
    entries: `accounts.{ "key": crmId, "value": erpNumber }`,
    ...(mode ? { mode } : {}),
  },
});

async function run(weft: Weft, plan: Awaited<ReturnType<typeof deploy>>, body: unknown) {
  const { runId } = await start(weft, plan, body);
  const row = await finished(weft, runId);
  return { runId, row, steps: await stepRows(weft, runId) };
}

const out = (s: { output: string | null } | undefined) => (s?.output ? JSON.parse(s.output) : null);

describe.each(runtimes)('$name: a lookup.write step', (rt) => {
  let weft: Weft | undefined;
  afterEach(async () => {
    await weft?.close(0);
    weft = undefined;
  });

  it.skipIf(rt.skip)(
    'writes a cross-reference that a later run reads with $lookup, as a new version audited with the run as its author',
    async () => {
      weft = await rt.open();
      await weft.lookups.create('crm_to_erp', [{ key: 'ACC-1', value: 'C-0001' }]);
      const writer = await deploy(weft, flow('xref-write', { in: n.manual(), write: writeXref() }, ['in>write']));
      const reader = await deploy(
        weft,
        flow('xref-read', { in: n.manual(), read: n.map(`ids.$lookup('crm_to_erp', $)`) }, ['in>read']),
      );
      // $lookup has the table in memory from here on: the write must make it read the table again.
      const warm = await run(weft, reader, { ids: ['ACC-1', 'ACC-2'] });
      expect(out(warm.steps.read)).toBe('C-0001');

      const body = {
        accounts: [
          { crmId: 'ACC-1', erpNumber: 'C-1001' },
          { crmId: 'ACC-2', erpNumber: 'C-1002' },
        ],
      };
      const w = await run(weft, writer, body);
      expect(w.row.status).toBe('succeeded');
      expect(out(w.steps.write)).toEqual({
        table: 'crm_to_erp',
        version: 2,
        added: 1,
        changed: 1,
        unchanged: 0,
        kept: 0,
      });

      const r = await run(weft, reader, { ids: ['ACC-1', 'ACC-2'] });
      expect(out(r.steps.read)).toEqual(['C-1001', 'C-1002']);

      const table = await weft.lookups.get('crm_to_erp');
      expect(table).toMatchObject({ version: 2, updatedBy: `run:${w.runId}`, entryCount: 2 });
      const [entry] = await weft.audit.list({ action: 'lookup_table.written' });
      expect(entry).toMatchObject({
        actorKind: 'run',
        actorId: w.runId,
        actorName: `run:${w.runId}`,
        target: 'crm_to_erp',
        before: { version: 1, entries: 1 },
        after: { version: 2, entries: 2 },
        detail: { mode: 'upsert', added: 1, changed: 1, unchanged: 0, kept: 0 },
      });

      // The same write again (a step run once more after a crash) changes nothing: no version, no audit entry.
      const again = await run(weft, writer, body);
      expect(out(again.steps.write)).toMatchObject({ version: 2, added: 0, changed: 0, unchanged: 2 });
      expect(await weft.audit.list({ action: 'lookup_table.written' })).toHaveLength(1);
      expect((await weft.lookups.get('crm_to_erp')).version).toBe(2);
    },
  );

  it.skipIf(rt.skip)('insert-only adds the keys the table lacks and keeps the values of the others', async () => {
    weft = await rt.open();
    await weft.lookups.create('crm_to_erp', [{ key: 'ACC-1', value: 'C-0001' }]);
    const plan = await deploy(
      weft,
      flow('xref-insert', { in: n.manual(), write: writeXref('insert-only') }, ['in>write']),
    );
    const w = await run(weft, plan, {
      accounts: [
        { crmId: 'ACC-1', erpNumber: 'C-9999' },
        { crmId: 'ACC-3', erpNumber: 'C-1003' },
      ],
    });
    expect(out(w.steps.write)).toMatchObject({ version: 2, added: 1, changed: 0, kept: 1 });
    expect((await weft.lookups.get('crm_to_erp')).entries).toEqual([
      { key: 'ACC-1', value: 'C-0001' },
      { key: 'ACC-3', value: 'C-1003' },
    ]);
  });

  it.skipIf(rt.skip)('fails the step at its first attempt when the table does not exist, naming it', async () => {
    weft = await rt.open();
    const plan = await deploy(
      weft,
      flow('xref-missing', { in: n.manual(), write: writeXref(undefined, 'no_such_table') }, ['in>write']),
    );
    const w = await run(weft, plan, { accounts: [{ crmId: 'ACC-1', erpNumber: 'C-1001' }] });
    expect(w.row.status).toBe('failed');
    expect(w.steps.write).toMatchObject({ status: 'failed', attempts: 1 });
    expect(JSON.parse(w.steps.write!.error!)).toMatchObject({
      code: 'not_found',
      retryable: false,
      message: expect.stringContaining('lookup table "no_such_table" does not exist'),
    });
    expect(await weft.audit.list({ action: 'lookup_table.written' })).toEqual([]);
  });

  it.skipIf(rt.skip)('fails the step on entries that are not { key, value }, saying where', async () => {
    weft = await rt.open();
    await weft.lookups.create('crm_to_erp', []);
    const plan = await deploy(
      weft,
      flow(
        'xref-bad',
        { in: n.manual(), write: { type: 'lookup.write', config: { table: 'crm_to_erp', entries: 'accounts' } } },
        ['in>write'],
      ),
    );
    const w = await run(weft, plan, {
      accounts: [
        { key: 'A', value: 1 },
        { key: 'A', value: 2 },
      ],
    });
    expect(w.row.status).toBe('failed');
    expect(JSON.parse(w.steps.write!.error!)).toMatchObject({
      code: 'validation_failed',
      retryable: false,
      message: expect.stringContaining('key "A" appears twice (entries 0 and 1) at 1.key'),
    });
    expect((await weft.lookups.get('crm_to_erp')).version).toBe(1);
  });
});

describe.skipIf(runtimes[1]!.skip)('PostgreSQL: a lookup.write step seen by another process', () => {
  it("makes the other process's $lookup read the table again", async () => {
    const database = await freshPostgres({ migrated: true });
    const a = await testWeft({ config: { databaseUrl: database.url, workerId: 'a' } });
    const b = await testWeft({ config: { databaseUrl: database.url, workerId: 'b' } });
    try {
      await a.lookups.create('crm_to_erp', [{ key: 'ACC-1', value: 'C-0001' }]);
      // b holds the table in memory from here on.
      expect(await b.lookups.lookup('crm_to_erp', 'ACC-1')).toBe('C-0001');
      const writer = await deploy(a, flow('xref-cluster', { in: n.manual(), write: writeXref() }, ['in>write']));
      const w = await run(a, writer, { accounts: [{ crmId: 'ACC-1', erpNumber: 'C-1001' }] });
      expect(w.row.status).toBe('succeeded');
      await until(
        async () => (await b.lookups.lookup('crm_to_erp', 'ACC-1')) === 'C-1001',
        'the other process to read the written table',
      );
    } finally {
      await a.close(0);
      await b.close(0);
      await database.drop();
    }
  });
});
