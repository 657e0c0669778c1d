import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { deploy, finished, start, testWeft, viewOf } from '../../test/support/weft.ts';
import { freshPostgres, type FreshPostgres } from '../../test/support/postgres.ts';
import { until } from '../../test/support/poll.ts';
import { flow, n } from '../../test/support/flows.ts';

describe('variables on two processes of one PostgreSQL database', () => {
  let db: FreshPostgres | undefined;
  const wefts: Weft[] = [];
  afterEach(async () => {
    for (const w of wefts.splice(0)) await w.close(0);
    await db?.drop();
  });

  it('a change made in one process is what runs in the other read next', async () => {
    db = await freshPostgres({ migrated: true });
    const a = await testWeft({ config: { databaseUrl: db.url } });
    wefts.push(a);
    await a.variables.put('ERP_COMPANY', { value: '1000' });
    const b = await testWeft({ config: { databaseUrl: db.url } });
    wefts.push(b);
    expect(b.variables.current()).toEqual({ ERP_COMPANY: '1000' });

    const plan = await deploy(a, flow('company', { in: n.manual(), read: n.map('$env.ERP_COMPANY') }, ['in>read']));
    await a.variables.put('ERP_COMPANY', { value: '2000' });
    await a.variables.put('ERP_BASE', { value: 'https://erp.example.com' });
    await until(
      () => b.variables.current().ERP_BASE === 'https://erp.example.com',
      'the other process to take in the change',
      5000,
    );
    const { runId } = await start(b, plan, {});
    expect((await finished(b, runId)).status).toBe('succeeded');
    expect((await viewOf(b, runId)).steps!.find((s) => s.nodeId === 'read')!.output).toBe('2000');

    await a.variables.delete('ERP_BASE');
    await until(() => !('ERP_BASE' in b.variables.current()), 'the other process to forget the variable', 5000);
    expect(b.variables.current()).toEqual({ ERP_COMPANY: '2000' });
  });
});
