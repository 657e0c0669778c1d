import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedStoreDialects as dialects, type Opened } from '../../test/support/store-dialects.ts';
import type { Notification } from '../../shared/alert-history.ts';
import type { FlowDefinition } from '../../shared/flow.ts';
import { ManualClock } from '../engine/clock.ts';
import { silentLogger } from '../logger.ts';
import type { AlertRuleRow } from '../store/alert-store.ts';
import type { Store } from '../store/ports.ts';
import type { NewRun } from '../store/run-store.ts';
import { Evaluator } from './evaluator.ts';
import { OverdueRuns } from './overdue-runs.ts';
import { flowContext } from './flow-context.ts';

const MIN = 60_000;
const PUBLIC_URL = 'https://weft.example.com';

const definition = {
  id: 'invoices',
  name: 'Invoices',
  schemaVersion: 1,
  nodes: [],
  edges: [],
  settings: { criticality: 'critical', businessProcess: 'Order-to-cash', sla: { maxDurationMs: 10 * MIN } },
} as unknown as FlowDefinition;

const slaRule = (repeatMinutes: number | null = null): AlertRuleRow => ({
  id: 'rule_sla',
  kind: 'sla_breach',
  name: 'Invoices late',
  enabled: true,
  channelIds: ['chan_1'],
  repeatMinutes,
  condition: { minCriticality: 'high' },
  createdAt: 0,
  updatedAt: 0,
  updatedBy: null,
});

/**
 * sla_breach for runs still unfinished past their flow's maxDurationMs, found by the periodic tick of two
 * processes on one database: one incident per run, notified once, resolved when the run ends.
 */
for (const d of dialects)
  describe.skipIf(d.skip)(`runs unfinished past their SLA on ${d.name}`, () => {
    let opened: Opened<[Store, Store]>;
    let clock: ManualClock;
    let evaluators: Evaluator[];
    let t0: number;

    const setUp = async (rule: AlertRuleRow) => {
      opened = await d.open();
      clock = new ManualClock();
      t0 = clock.now();
      await opened.sql[0].write(async (tx) => {
        const row = { id: 'invoices', name: 'Invoices', definition, revision: 1, createdBy: null };
        await tx.flows.insert({ ...row, createdAt: t0, updatedAt: t0 });
        await tx.flows.insertVersion({
          flowId: 'invoices',
          version: 1,
          hash: 'h',
          note: null,
          createdBy: null,
          createdAt: t0,
          definition,
        });
        await tx.alerts.putRule(rule);
      });
      evaluators = opened.sql.map(
        (store) =>
          new Evaluator({
            store,
            clock,
            logger: silentLogger,
            circuits: () => [],
            publicUrl: PUBLIC_URL,
            queued: () => {},
            intervalMs: MIN,
          }),
      );
    };
    afterEach(() => opened?.close());

    const startRun = (id: string, over: Partial<NewRun> = {}) =>
      opened.sql[0].write((tx) =>
        tx.runs.insertRun({
          id,
          flowId: 'invoices',
          version: 1,
          mode: 'live',
          status: 'running',
          triggerNode: 'in',
          trigger: '{}',
          createdAt: t0,
          updatedAt: t0,
          businessKey: 'INV-42',
          ...over,
        }),
      );
    const finish = (id: string, status: 'succeeded' | 'failed' = 'succeeded') =>
      opened.sql[1].write((tx) => tx.runs.finishRun(id, status, null, null, clock.now()));
    /** Each process ticks once, both at the same moment. */
    const tickBoth = () => Promise.all(evaluators.map((e) => e.tick()));
    const history = async () => {
      const incidents = await opened.sql[0].alerts.incidents({ limit: 20 });
      const deliveries = await opened.sql[0].alerts.deliveries(incidents.map((i) => i.id));
      return {
        incidents: incidents.map((i) => [i.groupKey, i.status, i.occurrences]),
        notified: deliveries.map((x) => [x.event, (x.payload as Notification).summary]),
        payloads: deliveries.map((x) => x.payload as Notification),
      };
    };

    describe('without reminders', () => {
      beforeEach(() => setUp(slaRule()));

      it('tells of a run while it is stuck, once across processes, and resolves it when it ends', async () => {
        await startRun('run_stuck');
        clock.advance(10 * MIN);
        await tickBoth();
        expect((await history()).incidents, 'at the limit, not past it').toEqual([]);
        clock.advance(MIN);
        await tickBoth();
        clock.advance(MIN);
        await tickBoth();
        const seen = await history();
        expect(seen.incidents).toEqual([['run:run_stuck', 'open', 2]]);
        expect(seen.notified).toEqual([
          ['opened', 'SLA breached: Invoices [INV-42] still running after 11 min (limit 10 min)'],
        ]);
        expect(seen.payloads[0]).toMatchObject({
          flowId: 'invoices',
          flowName: 'Invoices',
          businessProcess: 'Order-to-cash',
          criticality: 'critical',
          businessKey: 'INV-42',
          runId: 'run_stuck',
          runUrl: `${PUBLIC_URL}/runs/run_stuck`,
          value: 11 * MIN,
          threshold: 10 * MIN,
          incident: { since: t0 + 10 * MIN, kind: 'sla_breach' },
        });

        clock.advance(8 * MIN);
        await finish('run_stuck', 'failed');
        evaluators[1]!.runEnded({ runId: 'run_stuck', flowId: 'invoices', mode: 'live' });
        await evaluators[1]!.settled();
        clock.advance(MIN);
        await tickBoth();
        const ended = await history();
        expect(ended.incidents, 'no incident for the flow: the breach was told').toEqual([
          ['run:run_stuck', 'resolved', 2],
        ]);
        expect(ended.notified).toEqual([
          ['opened', 'SLA breached: Invoices [INV-42] still running after 11 min (limit 10 min)'],
          ['resolved', 'SLA breached: Invoices [INV-42] took 20 min (limit 10 min)'],
        ]);
      });

      it('resolves on the tick a stuck run whose end no process judged, and keeps one incident per run', async () => {
        await startRun('run_a');
        await startRun('run_b', { status: 'waiting_approval', createdAt: t0 + MIN, businessKey: null });
        await startRun('run_fresh', { createdAt: t0 + 10 * MIN });
        clock.advance(12 * MIN);
        await tickBoth();
        expect((await history()).notified).toEqual([
          ['opened', 'SLA breached: Invoices [INV-42] still running after 12 min (limit 10 min)'],
          ['opened', 'SLA breached: Invoices still waiting for an approval after 11 min (limit 10 min)'],
        ]);
        await finish('run_a');
        clock.advance(MIN);
        await tickBoth();
        const seen = await history();
        expect(seen.incidents).toEqual([
          ['run:run_b', 'open', 2],
          ['run:run_a', 'resolved', 1],
        ]);
        expect(seen.notified[2]).toEqual(['resolved', 'SLA breached: Invoices [INV-42] took 12 min (limit 10 min)']);
      });

      it('does not open an incident for a run that ended between the tick reading it and writing', async () => {
        await startRun('run_late');
        clock.advance(11 * MIN);
        const [store] = opened.sql;
        const overdue = new OverdueRuns({
          store,
          flowOf: async () => flowContext(definition),
          publicUrl: null,
        });
        const read = await overdue.unfinished(clock.now());
        expect(read.map((r) => r.runId)).toEqual(['run_late']);
        await finish('run_late');
        expect(await overdue.reconcile(slaRule(), read, clock.now())).toBe(false);
        expect((await history()).incidents).toEqual([]);
      });

      it('a run that ends past its SLA before any tick saw it still opens the flow incident, as before', async () => {
        await startRun('run_quick_end');
        clock.advance(11 * MIN);
        await finish('run_quick_end');
        evaluators[0]!.runEnded({ runId: 'run_quick_end', flowId: 'invoices', mode: 'live' });
        await evaluators[0]!.settled();
        await tickBoth();
        expect((await history()).incidents).toEqual([['flow:invoices', 'open', 1]]);
      });
    });

    it('reminds of a stuck run when its rule repeats, on one process', async () => {
      await setUp(slaRule(30));
      await startRun('run_stuck');
      clock.advance(11 * MIN);
      await tickBoth();
      for (let i = 0; i < 30; i++) {
        clock.advance(MIN);
        await tickBoth();
      }
      expect((await history()).notified.map(([event]) => event)).toEqual(['opened', 'repeat']);
    });
  });
