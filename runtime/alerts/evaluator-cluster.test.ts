import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedStoreDialects as dialects, type Opened } from '../../test/support/store-dialects.ts';
import { ManualClock } from '../engine/clock.ts';
import { silentLogger } from '../logger.ts';
import type { Store } from '../store/ports.ts';
import type { FlowDefinition } from '../../shared/flow.ts';
import type { AlertRuleRow } from '../store/alert-store.ts';
import { Evaluator } from './evaluator.ts';

const MIN = 60_000;

const definition = {
  id: 'invoices',
  name: 'Invoices',
  schemaVersion: 1,
  nodes: [],
  edges: [],
  settings: { criticality: 'critical' },
} as unknown as FlowDefinition;

const rule = (id: string, kind: AlertRuleRow['kind'], condition: object): AlertRuleRow => ({
  id,
  kind,
  name: id,
  enabled: true,
  channelIds: ['chan_1'],
  repeatMinutes: null,
  condition,
  createdAt: 0,
  updatedAt: 0,
  updatedBy: null,
});

/**
 * Two processes of one installation evaluating the same rules at the same moment: the tick runs once per
 * period, and runs ending on both at once still make one incident with one notification.
 */
for (const d of dialects)
  describe.skipIf(d.skip)(`alert evaluation by two processes on ${d.name}`, () => {
    let opened: Opened<[Store, Store]>;
    let clock: ManualClock;
    let evaluators: Evaluator[];

    beforeEach(async () => {
      opened = await d.open();
      clock = new ManualClock();
      const [a] = opened.sql;
      const now = clock.now();
      await a.write(async (tx) => {
        await tx.flows.insert({
          id: 'invoices',
          name: 'Invoices',
          definition,
          revision: 1,
          createdBy: null,
          createdAt: now,
          updatedAt: now,
        });
        await tx.flows.insertVersion({
          flowId: 'invoices',
          version: 1,
          hash: 'h',
          note: null,
          createdBy: null,
          createdAt: now,
          definition,
        });
        await tx.alerts.putRule(rule('rule_circuit', 'circuit_open', { minutes: 5 }));
        await tx.alerts.putRule(rule('rule_failed', 'run_failed', { minCriticality: 'high' }));
      });
      evaluators = opened.sql.map(
        (store) =>
          new Evaluator({
            store,
            clock,
            logger: silentLogger,
            circuits: () => [{ host: 'erp:443', state: 'open', openedAt: now - 10 * MIN, lastError: 'answered 503' }],
            publicUrl: null,
            queued: () => {},
            intervalMs: MIN,
          }),
      );
    });
    afterEach(() => opened?.close());

    const notifications = async () => {
      const incidents = await opened.sql[0].alerts.incidents({ limit: 10 });
      return { incidents, deliveries: await opened.sql[0].alerts.deliveries(incidents.map((i) => i.id)) };
    };

    it('ticks once per period however many processes tick', async () => {
      await Promise.all(evaluators.map((e) => e.tick()));
      await Promise.all(evaluators.map((e) => e.tick()));
      const { incidents, deliveries } = await notifications();
      expect(incidents.map((i) => [i.ruleId, i.status, i.occurrences])).toEqual([['rule_circuit', 'open', 1]]);
      expect(deliveries.map((x) => x.event)).toEqual(['opened']);
      clock.advance(MIN);
      await Promise.all(evaluators.map((e) => e.tick()));
      expect((await notifications()).incidents[0]!.occurrences).toBe(2);
    });

    it('runs failing on two processes at once open one incident with one notification', async () => {
      const [a] = opened.sql;
      const now = clock.now();
      for (const id of ['run_a', 'run_b'])
        await a.write(async (tx) => {
          await tx.runs.insertRun({
            id,
            flowId: 'invoices',
            version: 1,
            mode: 'live',
            status: 'running',
            triggerNode: 'in',
            trigger: '{}',
            createdAt: now,
            updatedAt: now,
          });
          await tx.runs.finishRun(id, 'failed', JSON.stringify({ code: 'erp_down', message: 'no' }), null, now);
        });
      evaluators[0]!.runEnded({ runId: 'run_a', flowId: 'invoices', mode: 'live' });
      evaluators[1]!.runEnded({ runId: 'run_b', flowId: 'invoices', mode: 'live' });
      await Promise.all(evaluators.map((e) => e.settled()));
      const { incidents, deliveries } = await notifications();
      const failed = incidents.filter((i) => i.ruleId === 'rule_failed');
      expect(failed.map((i) => [i.status, i.occurrences])).toEqual([['open', 2]]);
      expect(deliveries.filter((x) => x.incidentId === failed[0]!.id).map((x) => x.event)).toEqual(['opened']);
    });
  });
