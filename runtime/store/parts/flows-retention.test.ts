import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { flow, n } from '../../../test/support/flows.ts';
import { parseDefinition } from '../../flows/validate-flow.ts';
import type { FlowDefinition } from '../../../shared/flow.ts';
import { sqlDialects as dialects, type Opened as OpenedDb } from '../../../test/support/store-dialects.ts';
import type { Sql } from '../sql.ts';

type Opened = OpenedDb<Sql>;
import { SqlFlowStore } from './flows.ts';
import { SqlRetentionStore } from './retention.ts';

const NOW = Date.UTC(2026, 2, 1);
const DAY = 86_400_000;

const definition = (id: string, expression = '$'): FlowDefinition =>
  parseDefinition(flow(id, { in: n.manual(), out: n.map(expression) }, ['in>out'])).definition!;

const draft = (id: string, name = `Flow ${id}`) => ({
  id,
  name,
  definition: definition(id),
  revision: 1,
  createdBy: 'usr_1',
  createdAt: NOW,
  updatedAt: NOW,
});

for (const d of dialects) {
  describe.skipIf(d.skip)(`the flows and retention parts on ${d.name}`, () => {
    let db: Opened;
    let flows: SqlFlowStore;
    let retention: SqlRetentionStore;

    const addRun = (
      id: string,
      flowId: string,
      o: { status?: string; mode?: string; at?: number; open?: boolean; parent?: string } = {},
    ) =>
      db.sql.run(
        `INSERT INTO runs (id, flow_id, version, mode, status, trigger_node, trigger, created_at, updated_at, finished_at, parent_run_id)
         VALUES (?, ?, 1, ?, ?, 'in', '{}', ?, ?, ?, ?)`,
        [
          id,
          flowId,
          o.mode ?? 'live',
          o.status ?? 'succeeded',
          o.at ?? NOW,
          o.at ?? NOW,
          o.open ? null : (o.at ?? NOW) + 1000,
          o.parent ?? null,
        ],
      );
    const addStep = (runId: string, output: string | null) =>
      db.sql.run(
        `INSERT INTO steps (run_id, node_id, status, attempts, input, output) VALUES (?, 'out', 'succeeded', 1, ?, ?)`,
        [runId, output, output],
      );
    const ids = async (text: string) => (await db.sql.all<{ id: string }>(text)).map((r) => r.id).sort();

    beforeAll(async () => {
      db = await d.open();
      flows = new SqlFlowStore(db.sql);
      retention = new SqlRetentionStore(db.sql);
    }, 30_000);
    afterAll(() => db?.close());
    beforeEach(async () => {
      for (const t of ['runs', 'flows', 'activations', 'retention_policies', 'webhook_signatures'])
        await db.sql.run(`DELETE FROM ${t}`);
    });

    it('keeps drafts with their revision and versions with their definition', async () => {
      expect(await flows.insert(draft('orders'))).toBe(true);
      expect(await flows.insert(draft('orders', 'again'))).toBe(false);
      expect(await flows.get('orders')).toEqual(draft('orders'));
      expect(await flows.get('nope')).toBeUndefined();
      expect([await flows.exists('orders'), await flows.exists('nope')]).toEqual([true, false]);
      expect([await flows.ownerOf('orders'), await flows.ownerOf('nope')]).toEqual(['usr_1', null]);

      const edited = { name: 'Orders', definition: definition('orders', '{ "a": 1 }'), updatedAt: NOW + 1 };
      expect(await flows.updateDraft('orders', 2, edited)).toBe(false);
      expect(await flows.updateDraft('orders', 1, edited)).toBe(true);
      expect(await flows.get('orders')).toMatchObject({ ...edited, revision: 2, createdAt: NOW });

      const v = { flowId: 'orders', hash: 'sha256:1', note: null, createdBy: 'ana', createdAt: NOW };
      expect(await flows.latestVersion('orders')).toBeUndefined();
      expect(await flows.insertVersion({ ...v, version: 1, definition: definition('orders') })).toBe(true);
      expect(await flows.insertVersion({ ...v, version: 2, note: 'two', definition: edited.definition })).toBe(true);
      expect(await flows.insertVersion({ ...v, version: 2, definition: edited.definition })).toBe(false);
      expect(await flows.latestVersion('orders')).toEqual({
        ...v,
        version: 2,
        note: 'two',
        specVersions: null,
        tests: null,
      });
      expect((await flows.versions('orders')).map((r) => r.version)).toEqual([2, 1]);
      expect(await flows.version('orders', 2)).toEqual(edited.definition);
      expect(await flows.version('orders', 3)).toBeUndefined();
    });

    it('activates one version per flow', async () => {
      await flows.activate('orders', 1, NOW);
      await flows.activate('orders', 2, NOW + 1);
      await flows.activate('billing', 1, NOW);
      expect(await flows.activeVersion('orders')).toBe(2);
      expect(await flows.activations()).toEqual([
        { flowId: 'billing', version: 1 },
        { flowId: 'orders', version: 2 },
      ]);
      expect(await flows.deactivate('orders')).toBe(true);
      expect(await flows.deactivate('orders')).toBe(false);
      expect(await flows.activeVersion('orders')).toBeNull();
    });

    it('lists flows by name with versions, the last live run and the live failures since a time', async () => {
      await flows.insert(draft('b', 'Billing'));
      await flows.insert(draft('a', 'Accounts'));
      await flows.insertVersion({
        flowId: 'b',
        version: 1,
        hash: 'h',
        note: null,
        createdBy: null,
        createdAt: NOW,
        definition: definition('b'),
      });
      await flows.activate('b', 1, NOW);
      await addRun('old-fail', 'b', { status: 'failed', at: NOW - 2 * DAY });
      await addRun('fail', 'b', { status: 'failed', at: NOW - 1000 });
      await addRun('last', 'b', { status: 'running', at: NOW, open: true });
      await addRun('test', 'b', { status: 'failed', mode: 'test', at: NOW + 1000 });
      expect(await flows.list(NOW - DAY)).toEqual([
        {
          id: 'a',
          name: 'Accounts',
          revision: 1,
          updatedAt: NOW,
          latestVersion: null,
          activeVersion: null,
          lastRun: null,
          failuresLast24h: 0,
        },
        {
          id: 'b',
          name: 'Billing',
          revision: 1,
          updatedAt: NOW,
          latestVersion: 1,
          activeVersion: 1,
          lastRun: { id: 'last', status: 'running', createdAt: NOW },
          failuresLast24h: 1,
        },
      ]);
    });

    it('counts unfinished runs (and runs an unfinished caller waits for), and deletes a flow with its rows', async () => {
      await flows.insert(draft('orders'));
      await flows.insert(draft('other'));
      await flows.insertVersion({
        flowId: 'orders',
        version: 1,
        hash: 'h',
        note: null,
        createdBy: null,
        createdAt: NOW,
        definition: definition('orders'),
      });
      await addRun('done', 'orders');
      await addStep('done', '{"x":1}');
      await addRun('caller', 'other', { status: 'running', open: true });
      await addRun('called', 'orders', { parent: 'caller' });
      expect(await flows.unfinishedRuns('orders')).toBe(1);
      await db.sql.run(`UPDATE runs SET finished_at = ?, status = 'succeeded' WHERE id = 'caller'`, [NOW]);
      expect(await flows.unfinishedRuns('orders')).toBe(0);

      await retention.set({ flowId: 'orders', days: 3, keepSuccessPayloads: true, updatedAt: NOW, updatedBy: null });
      await db.sql.run(`INSERT INTO webhook_signatures (flow_id, signature, expires_at) VALUES ('orders', 's', ?)`, [
        NOW,
      ]);
      await flows.deleteWithRuns('orders');
      expect(await flows.exists('orders')).toBe(false);
      expect(await ids(`SELECT id AS "id" FROM runs`)).toEqual(['caller']);
      expect(await ids(`SELECT run_id AS "id" FROM steps`)).toEqual([]);
      expect(await ids(`SELECT flow_id AS "id" FROM flow_versions`)).toEqual([]);
      expect(await ids(`SELECT flow_id AS "id" FROM webhook_signatures`)).toEqual([]);
      expect(await retention.rules()).toEqual([]);
    });

    it('keeps retention policies per flow and the default', async () => {
      await flows.insert(draft('b', 'Billing'));
      await flows.insert(draft('a', 'Accounts'));
      const rule = { flowId: 'a', days: 7, keepSuccessPayloads: false, updatedAt: NOW, updatedBy: 'ops' };
      await retention.set(rule);
      await retention.set({ ...rule, flowId: '*', days: null, keepSuccessPayloads: true });
      await retention.set({ ...rule, days: 30 });
      expect(await retention.rule('a')).toEqual({ ...rule, days: 30 });
      expect(await retention.rule('b')).toBeNull();
      expect((await retention.rules()).map((r) => [r.flowId, r.days, r.keepSuccessPayloads])).toEqual(
        expect.arrayContaining([
          ['*', null, true],
          ['a', 30, false],
        ]),
      );
      expect(await retention.remove('a')).toEqual({ ...rule, days: 30 });
      expect(await retention.remove('a')).toBeNull();
      expect(await retention.flowNames()).toEqual([
        { id: 'a', name: 'Accounts' },
        { id: 'b', name: 'Billing' },
      ]);
    });

    it('prunes a batch: expired runs of a scope, and the payloads of succeeded runs after a cursor', async () => {
      await retention.set({ flowId: 'own', days: 90, keepSuccessPayloads: true, updatedAt: NOW, updatedBy: null });
      await addRun('x1', 'x', { at: NOW - 10 * DAY });
      await addRun('x2', 'x', { status: 'failed', at: NOW - 9 * DAY });
      await addRun('x-open', 'x', { status: 'running', at: NOW - 10 * DAY, open: true });
      await addRun('x-new', 'x', { at: NOW });
      await addRun('own1', 'own', { at: NOW - 10 * DAY });
      await addStep('x1', '{"a":1}');
      const deleted = await retention.deleteExpired('default', NOW - DAY, 10);
      expect(deleted.map((r) => [r.id, r.flowId]).sort()).toEqual([
        ['x1', 'x'],
        ['x2', 'x'],
      ]);
      expect(await retention.deleteExpired({ flowId: 'own' }, NOW - 100 * DAY, 10)).toEqual([]);
      expect(await retention.deleteExpired({ flowId: 'own' }, NOW - DAY, 10)).toEqual([{ id: 'own1', flowId: 'own' }]);
      expect(await ids(`SELECT id AS "id" FROM runs`)).toEqual(['x-new', 'x-open']);

      for (const [id, at] of [
        ['p2', 5],
        ['p1', 5],
        ['p3', 9],
      ] as const) {
        await addRun(id, 'p', { at });
        await addStep(id, '{"big":true}');
      }
      await addRun('p-failed', 'p', { status: 'failed', at: 5 });
      await addStep('p-failed', '{"kept":true}');
      const first = await retention.dropPayloads({ flowId: 'p' }, { createdAt: -1, id: '' }, 2);
      expect(first).toEqual({
        runs: [
          { id: 'p1', flowId: 'p' },
          { id: 'p2', flowId: 'p' },
        ],
        next: { createdAt: 5, id: 'p2' },
      });
      const second = await retention.dropPayloads({ flowId: 'p' }, first.next, 2);
      expect(second.runs).toEqual([{ id: 'p3', flowId: 'p' }]);
      expect(await retention.dropPayloads({ flowId: 'p' }, { createdAt: -1, id: '' }, 2)).toEqual({
        runs: [],
        next: { createdAt: -1, id: '' },
      });
      expect(await ids(`SELECT run_id AS "id" FROM steps WHERE output IS NOT NULL`)).toEqual(['p-failed']);
    });
  });
}
