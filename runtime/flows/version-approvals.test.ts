import { afterEach, describe, expect, it } from 'vitest';
import { onFreshPostgres, testWeft } from '../../test/support/weft.ts';
import { sqlDialects } from '../../test/support/store-dialects.ts';
import { flow, n } from '../../test/support/flows.ts';
import type { Weft } from '../weft.ts';
import type { Actor } from '../security/audit.ts';
import { VersionApprovals } from './version-approvals.ts';

const runtimes = [
  { name: 'SQLite', skip: false, open: () => testWeft({ config: { dataDir: ':memory:', databaseUrl: null } }) },
  {
    name: 'PostgreSQL',
    skip: sqlDialects.find((d) => d.name === 'PostgreSQL')!.skip,
    open: () => onFreshPostgres(),
  },
];

const ann: Actor = { id: 'usr_ann', name: 'ann@example.com', kind: 'user' };
const bob: Actor = { id: 'usr_bob', name: 'bob@example.com', kind: 'user' };
const cay: Actor = { id: 'usr_cay', name: 'cay@example.com', kind: 'user' };

const def = (id: string, criticality?: string) => {
  const d = flow(id, { in: n.manual(), map: n.map("{ 'id': id }") }, ['in>map']);
  return criticality ? { ...d, settings: { ...d.settings, criticality } } : d;
};

describe.each(runtimes)('four-eyes activation on $name', ({ skip, open }) => {
  let weft: Weft;
  let approvals: VersionApprovals;
  afterEach(() => weft?.close());

  /** A flow created and published by ann; the version number. */
  async function published(id: string, criticality?: string): Promise<number> {
    await weft.flows.create(def(id, criticality), ann);
    return (await weft.flows.publish(id, 'first', ann)).version.version;
  }

  async function start(): Promise<void> {
    weft = await open();
    approvals = new VersionApprovals(weft.store, weft.audit);
  }

  it.skipIf(skip)('refuses self-approval; another user approving lets activation through', async () => {
    await start();
    await approvals.setPolicy({ mode: 'all' }, cay);
    const v = await published('orders');

    await expect(weft.activate('orders', v, ann)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/published by ann@example\.com.*a different user must approve/),
    });
    await expect(approvals.approve('orders', v, ann)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('a different user must approve'),
    });
    expect(await approvals.state('orders', v)).toMatchObject({ state: 'pending', publishedBy: 'ann@example.com' });

    const approved = await approvals.approve('orders', v, bob);
    expect(approved).toMatchObject({ state: 'approved', by: 'bob@example.com', publishedBy: 'ann@example.com' });
    expect(await approvals.approve('orders', v, bob)).toEqual(approved);

    await weft.activate('orders', v, ann);
    expect(await weft.flows.activeVersion('orders')).toBe(v);
    expect(await weft.deactivate('orders', ann)).toBe(true);

    const entries = await weft.audit.list({ action: 'flow.version.' });
    expect(entries.map((e) => [e.action, e.actorName, e.after])).toEqual([
      ['flow.version.approved', 'bob@example.com', { version: v, decision: 'approved' }],
    ]);
    const setting = await weft.audit.list({ action: 'settings.four_eyes' });
    expect(setting.map((e) => [e.before, e.after])).toEqual([[{ mode: 'off' }, { mode: 'all' }]]);
  });

  it.skipIf(skip)('a refused version stays blocked until another user approves it', async () => {
    await start();
    await approvals.setPolicy({ mode: 'all' }, cay);
    const v = await published('invoices');
    await expect(approvals.refuse('invoices', v, '  ', bob)).rejects.toMatchObject({ code: 'bad_request' });
    expect(await approvals.refuse('invoices', v, 'mapping drops the VAT id', bob)).toMatchObject({
      state: 'refused',
      by: 'bob@example.com',
      reason: 'mapping drops the VAT id',
    });
    await expect(weft.activate('invoices', v, cay)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('refused by bob@example.com ("mapping drops the VAT id")'),
    });
    await approvals.approve('invoices', v, cay);
    await weft.activate('invoices', v, cay);
    expect(await weft.flows.activeVersion('invoices')).toBe(v);

    const entries = await weft.audit.list({ action: 'flow.version.' });
    expect(entries.map((e) => [e.action, e.actorName]).reverse()).toEqual([
      ['flow.version.refused', 'bob@example.com'],
      ['flow.version.approved', 'cay@example.com'],
    ]);
  });

  it.skipIf(skip)('criticality mode covers only flows at or above the criticality', async () => {
    await start();
    await approvals.setPolicy({ mode: 'criticality', criticality: 'high' }, cay);
    const critical = await published('ledger', 'critical');
    const high = await published('billing', 'high');
    const normal = await published('newsletter');

    await expect(weft.activate('ledger', critical, ann)).rejects.toMatchObject({ code: 'conflict' });
    await expect(weft.activate('billing', high, ann)).rejects.toMatchObject({ code: 'conflict' });
    await weft.activate('newsletter', normal, ann);
    expect(await approvals.state('newsletter', normal)).toMatchObject({ state: 'not_required' });
    expect(await approvals.state('billing', high)).toMatchObject({ state: 'pending' });

    await approvals.setPolicy({ mode: 'off' }, cay);
    await weft.activate('ledger', critical, ann);
    expect(await weft.flows.activeVersion('ledger')).toBe(critical);
  });
});
