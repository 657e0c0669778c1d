import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { weftCliAsync } from '../support/cli.ts';
import { testWeft, deploy, start, finished } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';
import { freshPostgres, postgresAvailable, type FreshPostgres } from '../support/postgres.ts';

const available = (await postgresAvailable()) || !!process.env.CI;
const KEY = Buffer.alloc(32, 7).toString('base64');

let dir = '';
let database: FreshPostgres | null = null;
afterEach(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
  await database?.drop();
  database = null;
});

describe.skipIf(!available)('weft db copy', () => {
  it('moves an installation from SQLite into an empty PostgreSQL database, and the copy runs on', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-copy-'));
    const source = await testWeft({ config: { dataDir: dir, secretKey: KEY } });
    const plan = await deploy(source, {
      ...flow('copied', { in: n.manual(), m: n.map('{"total": amount * 2}') }, ['in>m']),
      settings: { businessKey: "='ORD-' & $string(amount)" },
    });
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) runs.push((await start(source, plan, { amount: i })).runId);
    for (const id of runs) await finished(source, id);
    await source.identity.createUser({ email: 'ana@example.com', role: 'operator', password: 'a long passphrase' });
    await source.identity.createToken('ci', 'admin', null, null);
    const channel = await source.alerts.admin.saveChannel(
      null,
      {
        kind: 'webhook',
        name: 'Ops',
        settings: { url: 'https://ops.example.com', secret: 'alert-secret-0123456789', allowPrivate: false },
      },
      null,
    );
    const rule = { kind: 'run_failed', name: 'Failures', enabled: true, repeatMinutes: null, condition: {} } as const;
    await source.alerts.admin.saveRule(null, { ...rule, channelIds: [channel.id] }, null);
    const lookup = [
      { key: 'ACC-1', value: 'C-1001' },
      { key: 'ACC-2', value: { number: 42 } },
    ];
    await source.lookups.create('crm_to_erp', lookup);
    const before = await source.audit.verify();
    await source.close();
    if (!before.ok) throw new Error('the source audit chain does not verify');

    database = await freshPostgres();
    const copy = await weftCliAsync(['db', 'copy', '--from', dir, '--to', database.url]);
    expect(copy.err).toBe('');
    expect(copy.code).toBe(0);
    expect(copy.out).toMatch(/1 flows, 1 versions, 3 runs, 1 users, 2 tokens/);
    expect(copy.out).toContain(`audit chain verified (last hash ${before.lastHash})`);

    const verify = await weftCliAsync(['audit', 'verify', '--database', database.url]);
    expect(verify.out).toContain(`audit log intact: ${before.entries} entries, last hash ${before.lastHash}`);

    const target = await testWeft({ config: { databaseUrl: database.url, secretKey: KEY } });
    try {
      expect((await target.flows.list()).map((f) => f.id)).toEqual(['copied']);
      for (const id of runs) expect((await target.store.runs.run(id))?.status).toBe('succeeded');
      expect((await target.store.runs.steps(runs[2])).find((s) => s.nodeId === 'm')?.output).toBe('{"total":4}');
      expect((await target.store.runQueries.list({ q: 'ORD-1', limit: 10 })).map((r) => r.id)).toEqual([runs[1]]);
      expect((await target.alerts.admin.rules()).map((r) => r.name)).toEqual(['Failures']);
      expect((await target.lookups.get('crm_to_erp')).entries).toEqual(lookup);
      expect((await target.alerts.admin.target(channel.id))?.secrets).toEqual({ secret: 'alert-secret-0123456789' });
      // The copy takes new work: a run, and an audit entry that continues the copied chain.
      const next = await start(target, plan, { amount: 10 });
      expect((await finished(target, next.runId)).status).toBe('succeeded');
      await target.identity.createUser({ email: 'bo@example.com', role: 'analyst', password: 'another passphrase' });
      expect(await target.audit.verify()).toMatchObject({ ok: true, entries: before.entries + 1 });
    } finally {
      await target.close();
    }
  }, 60_000);

  it('refuses a target that is not empty, and a source that is not a Weft database', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-copy-'));
    const source = await testWeft({ config: { dataDir: dir, secretKey: KEY } });
    await deploy(source, flow('one', { in: n.manual(), m: n.map('$') }, ['in>m']));
    await source.close();
    database = await freshPostgres();
    expect((await weftCliAsync(['db', 'copy', '--from', dir, '--to', database.url])).code).toBe(0);
    const again = await weftCliAsync(['db', 'copy', '--from', dir, '--to', database.url]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('the target database is not empty');
    const missing = await weftCliAsync(['db', 'copy', '--from', join(dir, 'nothing-here'), '--to', database.url]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no Weft database at');
  }, 60_000);
});
