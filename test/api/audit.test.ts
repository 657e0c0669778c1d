import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, TEST_STORE } from '../support/weft.ts';
import { execute } from '../support/rows.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { weftCli } from '../support/cli.ts';

let weft: Weft | undefined;
let dir = '';
afterEach(async () => {
  await weft?.close(0).catch(() => {});
  weft = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

const verifyCli = (dataDir: string) => weftCli(['audit', 'verify', '--data', dataDir]);

describe('audit log', () => {
  // The data folder's weft.db, opened by hand and checked by the CLI.
  it.skipIf(TEST_STORE === 'postgres')(
    'records who changed what, with before and after, in a hash chain that `weft audit verify` checks',
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'weft-audit-'));
      weft = await testWeft({ config: { dataDir: dir } });
      const call = client(weft);
      const def = flow('audited', { in: n.manual(), out: n.map('$') }, ['in>out']);
      expect((await call('POST', '/api/flows', def)).status).toBe(201);
      const edited = {
        ...def,
        nodes: def.nodes.map((x) => (x.id === 'out' ? { ...x, config: { expression: '{ "x": $ }' } } : x)),
      };
      expect((await call('PUT', '/api/flows/audited', { definition: edited, revision: 1 })).status).toBe(200);
      expect((await call('POST', '/api/flows/audited/publish', { note: 'first' })).status).toBe(201);
      expect((await call('POST', '/api/flows/audited/activate', { version: 1 })).status).toBe(200);
      expect(
        (await call('POST', '/api/users', { email: 'op@firm.test', role: 'operator', password: 'operator password' }))
          .status,
      ).toBe(201);

      const entries = (await call('GET', '/api/audit?limit=50')).body.entries as {
        seq: number;
        action: string;
        actorName: string;
        target: string;
        before: unknown;
        after: unknown;
        detail: unknown;
      }[];
      const actions = entries.map((e) => e.action).reverse();
      expect(actions).toEqual([
        'token.created',
        'flow.created',
        'flow.edited',
        'flow.published',
        'flow.activated',
        'user.created',
      ]);
      const edit = entries.find((e) => e.action === 'flow.edited')!;
      expect(edit).toMatchObject({
        actorName: 'bootstrap',
        target: 'audited',
        before: { revision: 1 },
        after: { revision: 2 },
        detail: { nodesChanged: ['out'] },
      });
      expect(entries.find((e) => e.action === 'flow.activated')).toMatchObject({
        before: { activeVersion: null },
        after: { activeVersion: 1 },
      });
      expect(JSON.stringify(entries)).not.toContain('operator password');

      // Filters and exports.
      expect((await call('GET', '/api/audit?action=flow.')).body.entries).toHaveLength(4);
      const csv = await call('GET', '/api/audit?format=csv&action=flow.published');
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      const lines = (csv.body as string).trim().split('\r\n');
      expect(lines[0]).toBe('seq,at,actorKind,actorId,actorName,action,target,before,after,detail,prevHash,hash');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/,flow\.published,audited,/);

      expect((await call('GET', '/api/audit/verify')).body).toMatchObject({ ok: true, entries: 6 });
      await weft.close(0);
      weft = undefined;
      const intact = verifyCli(dir);
      expect(intact.code, intact.out).toBe(0);
      expect(intact.out).toMatch(/audit log intact: 6 entries/);

      // The database refuses changes; someone who drops the guard and edits an entry is found out.
      const db = new Database(join(dir, 'weft.db'));
      expect(() => db.prepare(`UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 3`).run()).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare(`UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 3`).run();
      db.close();
      const edited3 = verifyCli(dir);
      expect(edited3.code).toBe(1);
      expect(edited3.out).toMatch(/broken at entry 3: entry 3 was changed after it was written/);
    },
  );

  it('a removed entry breaks the chain too', async () => {
    weft = await testWeft();
    const w = weft;
    for (let i = 0; i < 5; i++) await w.audit.record({ actor: null, action: 'test.entry', target: String(i) });
    expect(await w.audit.verify()).toMatchObject({ ok: true, entries: 6 });
    await expect(execute(w, 'DELETE FROM audit_log WHERE seq = 4')).rejects.toThrow(/append-only/);
    await execute(
      w,
      TEST_STORE === 'postgres' ? 'DROP TRIGGER audit_log_no_delete ON audit_log' : 'DROP TRIGGER audit_log_no_delete',
    );
    await execute(w, 'DELETE FROM audit_log WHERE seq = 4');
    expect(await weft.audit.verify()).toMatchObject({
      ok: false,
      seq: 5,
      problem: 'entry 4 is missing (the next one is 5)',
    });
    await execute(w, 'DELETE FROM audit_log WHERE seq = 6');
    await execute(w, 'DELETE FROM audit_log WHERE seq = 5');
    // Cutting off the newest entries leaves a valid prefix; the count shows it.
    expect(await weft.audit.verify()).toMatchObject({ ok: true, entries: 3 });
  });
});
