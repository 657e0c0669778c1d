import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDialects as dialects, type Opened } from '../../../test/support/store-dialects.ts';
import type { NewRun, RunRow } from '../run-store.ts';
import type { Sql } from '../sql.ts';
import { bucketOf, bucketRange, countOver, quantile } from '../duration-buckets.ts';
import { SqlRollupStore } from './rollups.ts';
import { SqlRunStore } from './runs.ts';
import { newRun } from '../../../test/support/new-run.ts';

const T0 = Date.UTC(2026, 3, 1);
const MIN = 60_000;
const FLOWS = ['invoices', 'orders', 'dunning'];
const ENDS: RunRow['status'][] = ['succeeded', 'succeeded', 'succeeded', 'failed', 'timed_out', 'cancelled'];
const CODES = ['http_error', 'timeout', 'validation'];

/** A small deterministic generator, so the history is the same on every run of the test. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s % n;
  };
}

const run = (id: string, flowId: string, createdAt: number, o: Partial<NewRun> = {}): NewRun =>
  newRun(id, createdAt, { flowId, ...o });

const errorOf = (code: string, nodeId: string) => JSON.stringify({ code, message: code, nodeId });

for (const d of dialects)
  describe.skipIf(d.skip)(`run roll-ups on ${d.name}`, () => {
    let opened: Opened<Sql>;
    let rollups: SqlRollupStore;
    /** Live runs as the runs table has them once the history is written. */
    let finished: {
      flowId: string;
      status: string;
      errorCode: string | null;
      node: string | null;
      d: number;
      at: number;
    }[];

    beforeAll(async () => {
      opened = await d.open();
      const runs = new SqlRunStore(opened.sql);
      rollups = new SqlRollupStore(opened.sql);
      const r = random(7);
      for (let i = 0; i < 400; i++) {
        const id = `run_${String(i).padStart(4, '0')}`;
        const createdAt = T0 + r(180) * MIN + r(MIN);
        const test = i % 25 === 0;
        await runs.insertRun(run(id, FLOWS[r(3)], createdAt, test ? { mode: 'test', version: null } : {}));
        const status = ENDS[r(ENDS.length)];
        const at = createdAt + r(4) * 10 ** r(6);
        const error = status === 'failed' ? errorOf(CODES[r(3)], `n${r(2)}`) : null;
        await runs.finishRun(id, status, error, null, at);
        if (i % 40 === 1 && status === 'failed') {
          // An operator retries the failed run: it counts again only once it ends again.
          await runs.reopenRun(id, at + 5);
          await runs.finishRun(id, 'succeeded', null, null, at + 90_000);
        }
        if (i % 30 === 2) await runs.finishRun(id, 'failed', errorOf('late', 'n9'), null, at + 1000);
      }
      // Unfinished runs: one retrying against an open circuit, one waiting, one waiting for an approval.
      await runs.insertRun(run('live_1', 'orders', T0));
      await runs.upsertStep({
        runId: 'live_1',
        nodeId: 'call',
        status: 'retrying',
        attempts: 2,
        error: JSON.stringify({ code: 'circuit_open', details: { host: 'erp', reason: 'circuit_open' } }),
      });
      await runs.insertRun(run('live_2', 'orders', T0));
      await runs.upsertStep({ runId: 'live_2', nodeId: 'pause', status: 'waiting', attempts: 1 });
      await runs.insertRun(run('live_3', 'dunning', T0, { status: 'waiting_approval' }));
      const rows = await opened.sql.all<Record<string, unknown>>(
        `SELECT flow_id, status, error_code, error_node_id, created_at, finished_at FROM runs
        WHERE mode = 'live' AND finished_at IS NOT NULL`,
      );
      finished = rows.map((x) => ({
        flowId: String(x.flow_id),
        status: String(x.status),
        errorCode: x.error_code as string | null,
        node: x.error_node_id as string | null,
        d: Number(x.finished_at) - Number(x.created_at),
        at: Number(x.finished_at),
      }));
    });
    afterAll(() => opened?.close());

    const inRange = (from: number, to: number) =>
      finished.filter((x) => x.at >= Math.floor(from / MIN) * MIN && x.at < to);
    const ranges: [number, number][] = [
      [T0, T0 + 600 * MIN],
      [T0 + 30 * MIN, T0 + 90 * MIN],
      [T0 + 45 * MIN + 20_000, T0 + 46 * MIN],
    ];

    it('counts and adds up the durations of the live runs finished in a range as the runs table has them', async () => {
      expect(finished.length).toBeGreaterThan(300);
      for (const [from, to] of ranges) {
        const expected = new Map<string, { count: number; durationSum: number }>();
        for (const x of inRange(from, to)) {
          const k = `${x.flowId}/${x.status}`;
          const e = expected.get(k) ?? { count: 0, durationSum: 0 };
          expected.set(k, { count: e.count + 1, durationSum: e.durationSum + x.d });
        }
        const got = await rollups.totals(from, to);
        expect(
          new Map(got.map((t) => [`${t.flowId}/${t.status}`, { count: t.count, durationSum: t.durationSum }])),
        ).toEqual(expected);
        const one = await rollups.totals(from, to, 'orders');
        expect(one.every((t) => t.flowId === 'orders')).toBe(true);
        expect(one.length).toBe([...expected.keys()].filter((k) => k.startsWith('orders/')).length);
      }
    });

    it('gives a series whose points add up to the totals, and a histogram within a bucket of the exact percentiles', async () => {
      const [from, to] = ranges[0];
      const series = await rollups.series('invoices', from, to, 5 * MIN);
      const runs = inRange(from, to).filter((x) => x.flowId === 'invoices');
      expect(series.reduce((s, p) => s + p.count, 0)).toBe(runs.length);
      for (const p of series) {
        expect((p.at - T0) % (5 * MIN)).toBe(0);
        const inSlot = runs.filter((x) => x.status === p.status && x.at >= p.at && x.at < p.at + 5 * MIN);
        expect(p.count).toBe(inSlot.length);
      }
      const histogram = await rollups.histogram('invoices', from, to);
      const sorted = runs.map((x) => x.d).sort((a, b) => a - b);
      for (const q of [0.5, 0.95]) {
        const exact = sorted[Math.ceil(q * sorted.length) - 1];
        const [lo, hi] = bucketRange(bucketOf(exact));
        const got = quantile(histogram, q)!;
        expect(got).toBeGreaterThanOrEqual(lo);
        expect(got).toBeLessThanOrEqual(hi);
      }
    });

    it('counts failures by error code and node', async () => {
      const [from, to] = ranges[1];
      const expected = new Map<string, number>();
      for (const x of inRange(from, to).filter((y) => y.status === 'failed')) {
        const k = `${x.flowId}/${x.errorCode}/${x.node}`;
        expected.set(k, (expected.get(k) ?? 0) + 1);
      }
      const got = await rollups.failures(from, to);
      expect(new Map(got.map((f) => [`${f.flowId}/${f.errorCode}/${f.nodeId}`, f.count]))).toEqual(expected);
      expect(got.map((f) => f.count)).toEqual([...got.map((f) => f.count)].sort((a, b) => b - a));
    });

    it('counts runs over an SLA to the bucket, the failed-runs queue and what unfinished runs are doing', async () => {
      const [from, to] = ranges[0];
      const buckets = await rollups.buckets(from, to, 'orders');
      const runs = inRange(from, to).filter((x) => x.flowId === 'orders');
      for (const limit of [1, 2, 63, 5000]) {
        const over = runs.filter((x) => x.d > limit).length;
        const got = countOver(buckets, limit);
        expect(got).toBeLessThanOrEqual(over);
        // Only the runs of the bucket holding the limit may be left out.
        const [lo, hi] = bucketRange(bucketOf(limit));
        expect(over - got).toBe(runs.filter((x) => x.d > limit && x.d >= lo && x.d <= hi).length);
      }
      expect(countOver(buckets, 1)).toBe(runs.filter((x) => x.d > 1).length);
      const totals = await rollups.totals(from, to, 'orders');
      for (const t of totals)
        expect(buckets.filter((b) => b.status === t.status).reduce((s, b) => s + b.count, 0)).toBe(t.count);

      const failed = finished.filter((x) => x.status === 'failed');
      expect(await rollups.failedQueue()).toEqual(
        new Map(FLOWS.map((f) => [f, failed.filter((x) => x.flowId === f).length] as const).filter(([, n]) => n > 0)),
      );
      expect(await rollups.live()).toEqual([
        { flowId: 'dunning', unfinished: 1, retrying: 0, waiting: 1, heldByCircuit: 0 },
        { flowId: 'orders', unfinished: 2, retrying: 1, waiting: 1, heldByCircuit: 1 },
      ]);
    });

    it('prunes the minutes before a time, and keeps the others as they were', async () => {
      const later = await rollups.totals(T0 + 60 * MIN, T0 + 600 * MIN);
      expect(await rollups.prune(T0 + 60 * MIN)).toBeGreaterThan(0);
      expect(await rollups.totals(T0, T0 + 60 * MIN)).toEqual([]);
      expect(await rollups.failures(T0, T0 + 60 * MIN)).toEqual([]);
      expect(await rollups.totals(T0, T0 + 600 * MIN)).toEqual(later);
    });
  });
