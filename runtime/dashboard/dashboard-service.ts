import { CRITICALITIES } from '../../shared/business.ts';
import type { DashboardCounts, DashboardFlow, DashboardFlowDetail, DashboardOverview } from '../../shared/dashboard.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import type { FlowSummary } from '../../shared/flow-summary.ts';
import { type FlowContext, flowContext } from '../alerts/flow-context.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { CircuitSnapshot } from '../guard/circuit-breaker.ts';
import { countOver, quantile } from '../store/duration-buckets.ts';
import type { Store } from '../store/ports.ts';
import type { LiveCounts, RollupTotal } from '../store/rollup-store.ts';
import { addFlowFacts, emptyCounts, isSilent, sumCounts } from './counts.ts';
import type { TimeRange } from './time-range.ts';

export interface DashboardDeps {
  store: Pick<Store, 'rollups' | 'alerts'>;
  flows: Pick<FlowService, 'list' | 'version' | 'ownerOf'>;
  /** The circuits of the downstreams (GuardedHttp.status()). */
  circuits: () => CircuitSnapshot[];
  now: () => number;
}

/** What the dashboard reads of the store at once for a range. */
interface Facts {
  /** Per flow, its runs finished in the range by status and duration bucket. */
  totals: Map<string, (RollupTotal & { bucket: number })[]>;
  live: Map<string, LiveCounts>;
  failedQueue: Map<string, number>;
  activatedAt: Map<string, number>;
}

const groupBy = <T>(rows: readonly T[], key: (r: T) => string) => {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
};

/**
 * The operations dashboard: the estate by business process and criticality, and one flow over time. Numbers of
 * runs finished come from the roll-ups; what runs are doing now, from the unfinished runs. With `ownerId` (an
 * analyst) only the flows that principal created are shown.
 */
export class DashboardService {
  constructor(private readonly o: DashboardDeps) {}

  async overview(r: TimeRange, ownerId?: string): Promise<DashboardOverview> {
    const now = this.o.now();
    const flows = await this.visible(ownerId);
    const facts = await this.facts(r);
    const rows = await Promise.all(flows.map((f) => this.flowRow(f, facts, now)));
    const groups = new Map<string, { ctx: FlowContext; flows: DashboardFlow[] }>();
    for (const { ctx, flow } of rows) {
      const key = `${CRITICALITIES.indexOf(ctx.criticality)}\u0000${ctx.businessProcess ?? ''}`;
      const g = groups.get(key) ?? { ctx, flows: [] };
      g.flows.push(flow);
      groups.set(key, g);
    }
    const ordered = [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, g]) => ({
        businessProcess: g.ctx.businessProcess,
        criticality: g.ctx.criticality,
        counts: sumCounts(g.flows.map((f) => f.counts)),
        flows: g.flows.sort((a, b) => a.name.localeCompare(b.name)),
      }));
    const openCircuits = this.o
      .circuits()
      .filter((c) => c.state !== 'closed')
      .map((c) => ({ host: c.host, state: c.state, nextTryAt: c.nextTryAt, lastError: c.lastError }));
    return {
      range: r.range,
      from: r.from,
      to: r.to,
      now,
      counts: sumCounts(ordered.map((g) => g.counts)),
      groups: ordered,
      openCircuits,
    };
  }

  async flow(flowId: string, r: TimeRange, ownerId?: string): Promise<DashboardFlowDetail> {
    const now = this.o.now();
    const summary = (await this.o.flows.list()).find((f) => f.id === flowId);
    if (!summary) throw new WeftError(ErrorCodes.notFound, `flow "${flowId}" not found`);
    if (ownerId !== undefined && (await this.o.flows.ownerOf(flowId)) !== ownerId)
      throw new WeftError(
        'forbidden',
        `analysts see the dashboard of the flows they created; flow "${flowId}" is not one of them`,
      );
    const rollups = this.o.store.rollups;
    const facts = await this.facts(r, flowId);
    const { ctx, flow } = await this.flowRow(summary, facts, now);
    const [points, failures] = await Promise.all([
      rollups.series(flowId, r.from, r.to, r.stepMs),
      rollups.failures(r.from, r.to, flowId),
    ]);
    const histogram = new Map<number, number>();
    for (const b of facts.totals.get(flowId) ?? []) histogram.set(b.bucket, (histogram.get(b.bucket) ?? 0) + b.count);
    const slots = Math.max(1, Math.ceil((r.to - r.from) / r.stepMs));
    const series = Array.from({ length: slots }, (_, i) => ({
      at: r.from + i * r.stepMs,
      succeeded: 0,
      failed: 0,
      other: 0,
    }));
    for (const p of points) {
      const s = series[Math.round((p.at - r.from) / r.stepMs)];
      if (!s) continue;
      if (p.status === 'succeeded') s.succeeded += p.count;
      else if (p.status === 'failed') s.failed += p.count;
      else s.other += p.count;
    }
    const finished = (facts.totals.get(flowId) ?? []).reduce((n, t) => n + t.count, 0);
    return {
      range: r.range,
      from: r.from,
      to: r.to,
      now,
      stepMs: r.stepMs,
      flow: { ...flow, businessProcess: ctx.businessProcess, criticality: ctx.criticality },
      successRate: finished === 0 ? null : flow.counts.succeeded / finished,
      p50Ms: quantile(histogram, 0.5),
      p95Ms: quantile(histogram, 0.95),
      series,
      failures: failures.map(({ errorCode, nodeId, count }) => ({ errorCode, nodeId, count })),
    };
  }

  private async visible(ownerId?: string): Promise<FlowSummary[]> {
    const all = await this.o.flows.list();
    if (ownerId === undefined) return all;
    const owners = await Promise.all(all.map((f) => this.o.flows.ownerOf(f.id)));
    return all.filter((_, i) => owners[i] === ownerId);
  }

  private async facts(r: TimeRange, flowId?: string): Promise<Facts> {
    const s = this.o.store;
    const [totals, live, failedQueue, active] = await Promise.all([
      s.rollups.buckets(r.from, r.to, flowId),
      s.rollups.live(),
      s.rollups.failedQueue(),
      s.alerts.activeFlows(),
    ]);
    return {
      totals: groupBy(totals, (t) => t.flowId),
      live: new Map(live.map((l) => [l.flowId, l])),
      failedQueue,
      activatedAt: new Map(active.map((a) => [a.flowId, a.activatedAt])),
    };
  }

  private async flowRow(f: FlowSummary, facts: Facts, now: number) {
    const version = f.activeVersion ?? f.latestVersion;
    const def = version === null ? undefined : await this.o.flows.version(f.id, version);
    const ctx = flowContext(def ?? { id: f.id, name: f.name });
    const counts: DashboardCounts = addFlowFacts(
      emptyCounts(),
      facts.totals.get(f.id) ?? [],
      facts.live.get(f.id),
      facts.failedQueue.get(f.id) ?? 0,
    );
    if (ctx.maxDurationMs !== null) counts.slaBreaches = countOver(facts.totals.get(f.id) ?? [], ctx.maxDurationMs);
    const activatedAt = facts.activatedAt.get(f.id) ?? null;
    const lastSuccess = await this.o.store.alerts.lastSuccess(f.id);
    if (isSilent(ctx.freshnessMs, lastSuccess, activatedAt, now)) counts.silent = 1;
    const flow: DashboardFlow = {
      flowId: f.id,
      name: f.name,
      owner: ctx.owner,
      active: activatedAt !== null,
      maxDurationMs: ctx.maxDurationMs,
      freshnessMs: ctx.freshnessMs,
      lastSuccess,
      counts,
    };
    return { ctx, flow };
  }
}
