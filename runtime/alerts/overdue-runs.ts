import type { AlertCondition } from '../../shared/alerts.ts';
import type { AlertDetail } from '../../shared/alert-history.ts';
import { newId } from '../engine/ids.ts';
import { UNFINISHED_RUN_STATUSES, type AlertRuleRow } from '../store/alert-store.ts';
import type { Store } from '../store/ports.ts';
import type { RunRow } from '../store/run-store.ts';
import { isRunKey, judgeRun, overdueRuns, runKey, type EndedRun, type UnfinishedRunFact } from './conditions.ts';
import { businessKeyOf, type FlowContext } from './flow-context.ts';
import { cleared, holding } from './incidents.ts';
import { writeChange } from './incident-write.ts';

/** The unfinished runs a tick looks at, at most (the oldest: the first to break their SLA). */
export const UNFINISHED_MAX = 1000;

export interface OverdueRunsOptions {
  store: Pick<Store, 'write' | 'alerts' | 'runs'>;
  flowOf(flowId: string, version: number | null): Promise<FlowContext | null>;
  publicUrl: string | null;
}

const unfinished = (status: string) => (UNFINISHED_RUN_STATUSES as readonly string[]).includes(status);

/** A finished run as the rules see it (null while it has not finished). */
export function endedRun(row: RunRow, flow: FlowContext): EndedRun | null {
  if (row.finishedAt === null) return null;
  const error = row.error ? (JSON.parse(row.error) as { code?: unknown; message?: unknown }) : null;
  return {
    runId: row.id,
    status: row.status,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    error: error ? { code: String(error.code ?? 'error'), message: String(error.message ?? '') } : null,
    businessKey: businessKeyOf(row),
    flow,
  };
}

/**
 * sla_breach while runs are still unfinished: each run past its flow's maxDurationMs has an incident of its
 * own (key run:<id>), opened and notified on the tick while the run is stuck, and resolved when it ends
 * (with how long it took), so its end over the SLA notifies nothing more.
 */
export class OverdueRuns {
  constructor(private readonly o: OverdueRunsOptions) {}

  /** The live runs not finished at `now`, with their flow's context (runs of flows without maxDurationMs left out). */
  async unfinished(now: number): Promise<UnfinishedRunFact[]> {
    const out: UnfinishedRunFact[] = [];
    for (const r of await this.o.store.alerts.unfinishedRuns(now, UNFINISHED_MAX)) {
      const flow = await this.o.flowOf(r.flowId, r.version);
      if (flow?.maxDurationMs != null)
        out.push({ runId: r.id, status: r.status, createdAt: r.createdAt, businessKey: r.businessKey, flow });
    }
    return out;
  }

  /**
   * A tick of a sla_breach rule: overdue runs open (or keep) their incident, opened only if the run is still
   * unfinished in the write that opens it; the incidents of runs that have ended since resolve.
   */
  async reconcile(rule: AlertRuleRow, runs: UnfinishedRunFact[], now: number): Promise<boolean> {
    let queued = false;
    const found = new Set<string>();
    for (const f of overdueRuns(rule.condition as AlertCondition, runs, now)) {
      found.add(f.groupKey);
      const runId = f.detail.runId!;
      queued =
        (await writeChange(
          this.o.store,
          rule,
          f.groupKey,
          (live) => holding(live, rule, f, now, () => newId('inc', now)),
          now,
          this.o.publicUrl,
          (tx) => tx.alerts.holdUnfinished(runId),
        )) || queued;
    }
    for (const live of await this.o.store.alerts.liveIncidents(rule.id)) {
      const runId = (live.detail as AlertDetail).runId;
      if (!isRunKey(live.groupKey) || found.has(live.groupKey) || !runId) continue;
      const row = await this.o.store.runs.run(runId);
      // Still unfinished (past the runs a tick reads, or no longer in the rule's scope): it resolves when it ends.
      if (row && unfinished(row.status)) continue;
      const detail = row ? await this.endDetail(row) : null;
      queued =
        (await writeChange(
          this.o.store,
          rule,
          live.groupKey,
          (l) => (l ? cleared(detail ? { ...l, detail } : l, now) : null),
          now,
          this.o.publicUrl,
        )) || queued;
    }
    return queued;
  }

  /**
   * A run ended over its SLA: the incident it had while unfinished resolves, saying how long it took.
   * `had`: there was one (its breach was told already; the run's end opens nothing else).
   */
  async ended(rule: AlertRuleRow, run: EndedRun, detail: AlertDetail, now: number) {
    let had = false;
    const queued = await writeChange(
      this.o.store,
      rule,
      runKey(run.runId),
      (live) => {
        had = live !== undefined;
        return live ? cleared({ ...live, detail }, now) : null;
      },
      now,
      this.o.publicUrl,
    );
    return { had, queued };
  }

  private async endDetail(row: RunRow): Promise<AlertDetail | null> {
    const flow = await this.o.flowOf(row.flowId, row.version);
    const run = flow && endedRun(row, flow);
    return (run && judgeRun('sla_breach', {}, run)?.finding.detail) ?? null;
  }
}
