import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDialects as dialects, type Opened } from '../../../test/support/store-dialects.ts';
import type { DeliveryRow, IncidentRow } from '../alert-store.ts';
import type { NewRun } from '../run-store.ts';
import type { Sql } from '../sql.ts';
import { SqlAlertStore, unfinishedRunsSql } from './alerts.ts';
import { SqlRunStore } from './runs.ts';

const T0 = Date.UTC(2026, 3, 1);

const run = (id: string, flowId: string, status: NewRun['status'], o: Partial<NewRun> = {}): NewRun => ({
  id,
  flowId,
  version: 1,
  mode: 'live',
  status,
  triggerNode: 'in',
  trigger: '{}',
  createdAt: T0,
  updatedAt: T0,
  finishedAt: status === 'running' ? null : T0 + 1000,
  ...o,
});

const incident = (id: string, o: Partial<IncidentRow> = {}): IncidentRow => ({
  id,
  ruleId: 'rule_1',
  ruleName: 'Failures',
  kind: 'run_failed',
  groupKey: 'flow:a',
  status: 'open',
  flowId: 'a',
  since: T0,
  openedAt: T0,
  lastSeenAt: T0,
  resolvedAt: null,
  notifiedAt: T0,
  occurrences: 1,
  detail: { summary: 'Run failed', businessKey: 'K-1' },
  ...o,
});

const delivery = (id: string, o: Partial<DeliveryRow> = {}): DeliveryRow => ({
  id,
  incidentId: 'inc_1',
  channelId: 'chan_1',
  event: 'opened',
  payload: { event: 'opened', summary: 'Run failed' },
  status: 'pending',
  attempts: 0,
  nextAttemptAt: T0,
  lastError: null,
  createdAt: T0,
  sentAt: null,
  ...o,
});

for (const d of dialects)
  describe.skipIf(d.skip)(`alert store on ${d.name}`, () => {
    let opened: Opened<Sql>;
    let alerts: SqlAlertStore;

    beforeAll(async () => {
      opened = await d.open();
      alerts = new SqlAlertStore(opened.sql);
      const runs = new SqlRunStore(opened.sql);
      await runs.insertRun(run('r1', 'a', 'failed'));
      await runs.insertRun(run('r2', 'a', 'succeeded', { createdAt: T0 + 10 }));
      await runs.insertRun(run('r3', 'a', 'timed_out'));
      await runs.insertRun(run('r4', 'a', 'cancelled'));
      await runs.insertRun(run('r5', 'b', 'running'));
      await runs.insertRun(run('r6', 'b', 'failed', { mode: 'test', version: null, definition: '{}' }));
      await runs.insertRun(run('r7', 'b', 'failed', { createdAt: T0 - 60_000 }));
    });
    afterAll(() => opened?.close());

    it('keeps rules and channels with their JSON and booleans as written', async () => {
      const rule = {
        id: 'rule_1',
        kind: 'run_failed' as const,
        name: 'Failures',
        enabled: true,
        channelIds: ['chan_1'],
        repeatMinutes: null,
        condition: { minCriticality: 'high' },
        createdAt: T0,
        updatedAt: T0,
        updatedBy: 'ada@example.com',
      };
      await alerts.putRule(rule);
      await alerts.putRule({ ...rule, enabled: false, repeatMinutes: 30 });
      expect(await alerts.rules()).toEqual([{ ...rule, enabled: false, repeatMinutes: 30 }]);
      const channel = {
        id: 'chan_1',
        kind: 'webhook' as const,
        name: 'Ops',
        settings: { url: 'https://ops.example.com', allowPrivate: false },
        secret: 'v1:sealed',
        createdAt: T0,
        updatedAt: T0,
        updatedBy: null,
      };
      await alerts.putChannel(channel);
      expect(await alerts.channel('chan_1')).toEqual(channel);
      expect(await alerts.deleteChannel('chan_1')).toBe(true);
      expect(await alerts.deleteChannel('chan_1')).toBe(false);
    });

    it('holds one live incident per rule and key; a resolved one makes room for the next', async () => {
      expect(await alerts.insertIncident(incident('inc_1'))).toBe(true);
      expect(await alerts.insertIncident(incident('inc_2'))).toBe(false);
      expect((await alerts.liveIncident('rule_1', 'flow:a'))?.detail).toEqual({
        summary: 'Run failed',
        businessKey: 'K-1',
      });
      await alerts.updateIncident({ ...incident('inc_1'), status: 'resolved', resolvedAt: T0 + 5 });
      expect(await alerts.liveIncident('rule_1', 'flow:a')).toBeUndefined();
      expect(await alerts.insertIncident(incident('inc_2', { since: T0 + 10 }))).toBe(true);
      expect((await alerts.incidents({ limit: 10 })).map((i) => i.id)).toEqual(['inc_2', 'inc_1']);
      expect((await alerts.incidents({ status: 'resolved', limit: 10 })).map((i) => i.id)).toEqual(['inc_1']);
      expect((await alerts.liveIncidents('rule_1')).map((i) => i.id)).toEqual(['inc_2']);
    });

    it('sends a delivery once per claim, and keeps when it is due again and why it failed', async () => {
      await alerts.insertDelivery(delivery('d1'));
      await alerts.insertDelivery(delivery('d2', { nextAttemptAt: T0 + 60_000 }));
      expect((await alerts.dueDeliveries(T0, 10)).map((x) => x.id)).toEqual(['d1']);
      expect(await alerts.nextDeliveryAt()).toBe(T0);
      expect(await alerts.claimDelivery('d1', T0, T0 + 300_000)).toBe(true);
      expect(await alerts.claimDelivery('d1', T0, T0 + 300_000), 'taken already').toBe(false);
      await alerts.settleDelivery('d1', {
        status: 'pending',
        at: T0,
        nextAttemptAt: T0 + 30_000,
        lastError: 'answered 500',
      });
      expect(await alerts.nextDeliveryAt()).toBe(T0 + 30_000);
      await alerts.settleDelivery('d2', { status: 'sent', at: T0 + 1, nextAttemptAt: null, lastError: null });
      const [d1, d2] = await alerts.deliveries(['inc_1']);
      expect(d1).toMatchObject({ id: 'd1', attempts: 1, status: 'pending', lastError: 'answered 500', sentAt: null });
      expect(d2).toMatchObject({ id: 'd2', status: 'sent', sentAt: T0 + 1, payload: { event: 'opened' } });
      expect(await alerts.failDeliveriesTo('chan_1', 'the channel was deleted')).toBe(1);
      expect(await alerts.nextDeliveryAt()).toBeNull();
    });

    it('prunes resolved incidents with their deliveries', async () => {
      expect(await alerts.pruneIncidents(T0 + 6)).toBe(1);
      expect(await alerts.deliveries(['inc_1'])).toEqual([]);
    });

    it('counts finished live runs, failures, the queues and the last success', async () => {
      expect(await alerts.runCounts(T0)).toEqual([{ flowId: 'a', finished: 3, failed: 2 }]);
      expect(await alerts.runCounts(T0 - 60_000, 'b')).toEqual([{ flowId: 'b', finished: 1, failed: 1 }]);
      expect(await alerts.backlog('failed')).toBe(2);
      expect(await alerts.backlog('failed', 'a')).toBe(1);
      expect(await alerts.backlog('unfinished')).toBe(1);
      expect(await alerts.lastSuccess('a')).toBe(T0 + 1000);
      expect(await alerts.lastSuccess('b')).toBeNull();
    });

    it('lists unfinished live runs oldest first, and tells in a write whether one is still unfinished', async () => {
      const runs = new SqlRunStore(opened.sql);
      const waiting = { finishedAt: null, businessKey: 'K-9' };
      await runs.insertRun(run('u1', 'c', 'waiting_approval', { ...waiting, createdAt: T0 + 20 }));
      await runs.insertRun(run('u2', 'c', 'compensating', { finishedAt: null, createdAt: T0 + 10 }));
      await runs.insertRun(run('u3', 'c', 'running', { createdAt: T0 + 30 }));
      await runs.insertRun(run('u4', 'c', 'running', { mode: 'test', version: null, definition: '{}' }));
      const r5 = { id: 'r5', flowId: 'b', version: 1, status: 'running', createdAt: T0, businessKey: null };
      const u2 = { id: 'u2', flowId: 'c', version: 1, status: 'compensating', createdAt: T0 + 10, businessKey: null };
      const u1 = {
        id: 'u1',
        flowId: 'c',
        version: 1,
        status: 'waiting_approval',
        createdAt: T0 + 20,
        businessKey: 'K-9',
      };
      expect(await alerts.unfinishedRuns(T0 + 30, 10)).toEqual([r5, u2, u1]);
      expect(await alerts.unfinishedRuns(T0 + 31, 2)).toEqual([r5, u2]);
      expect(await alerts.holdUnfinished('u1')).toBe(true);
      expect(await alerts.holdUnfinished('r1'), 'failed').toBe(false);
      expect(await alerts.holdUnfinished('u4'), 'a test run').toBe(false);
      expect(await alerts.holdUnfinished('run_gone')).toBe(false);
      if (d.name === 'SQLite') {
        const plan = await opened.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${unfinishedRunsSql('sqlite')}`, [
          T0,
          10,
        ]);
        const detail = plan.map((p) => p.detail).join('\n');
        expect(detail, 'running runs through the unfinished runs').toMatch(/USING INDEX runs_unfinished_key/);
        expect(detail, 'the others by status').toMatch(/SEARCH runs USING INDEX runs_status_created \(status=\?/);
        expect(detail).not.toMatch(/SCAN runs$/m);
      }
    });

    it('marks a periodic job at most once per gap', async () => {
      expect(await alerts.markIfDue('evaluation', T0, 30_000)).toBe(true);
      expect(await alerts.markIfDue('evaluation', T0 + 29_999, 30_000)).toBe(false);
      expect(await alerts.markIfDue('evaluation', T0 + 30_000, 30_000)).toBe(true);
    });
  });
