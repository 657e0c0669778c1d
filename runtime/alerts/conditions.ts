import { atLeast, type AlertCondition } from '../../shared/alerts.ts';
import type { AlertDetail } from '../../shared/alert-history.ts';
import type { FlowRunCounts } from '../store/alert-store.ts';
import type { FlowContext } from './flow-context.ts';

/** A rule's condition found holding for one flow, host or queue. */
export interface Finding {
  groupKey: string;
  flowId: string | null;
  detail: AlertDetail;
  /** When it started holding, if known before it was first seen (a circuit's opening). */
  since?: number;
  /** How long it must hold before the incident opens and notifies (pending until then). */
  holdMs?: number;
}

/** A run that ended, as the rules see it. */
export interface EndedRun {
  runId: string;
  status: string;
  createdAt: number;
  finishedAt: number;
  error: { code: string; message: string } | null;
  businessKey: string | null;
  flow: FlowContext;
}

/** Run ends that are failures for run_failed. */
const FAILED_ENDS = new Set(['failed', 'timed_out', 'compensated']);

/** Whether a flow-scoped rule watches `flow`: the flow it names, or flows at or above its criticality (all without either). */
export function inScope(
  c: { flowId?: string; minCriticality?: FlowContext['criticality'] },
  flow: FlowContext,
): boolean {
  if (c.flowId !== undefined) return c.flowId === flow.flowId;
  return atLeast(flow.criticality, c.minCriticality ?? 'low');
}

/** "1 h 5 min", "42 s", "250 ms". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
}

const flowKey = (flowId: string) => `flow:${flowId}`;

function flowDetail(flow: FlowContext, summary: string, more: Partial<AlertDetail> = {}): AlertDetail {
  return {
    summary,
    flowId: flow.flowId,
    flowName: flow.name,
    businessProcess: flow.businessProcess,
    criticality: flow.criticality,
    owner: flow.owner,
    businessKey: null,
    runId: null,
    error: null,
    host: null,
    value: null,
    threshold: null,
    ...more,
  };
}

function plainDetail(summary: string, more: Partial<AlertDetail>): AlertDetail {
  return {
    summary,
    flowId: null,
    flowName: null,
    businessProcess: null,
    criticality: null,
    owner: null,
    businessKey: null,
    runId: null,
    error: null,
    host: null,
    value: null,
    threshold: null,
    ...more,
  };
}

/**
 * What a run's end says for a run_failed or sla_breach rule: the condition holds (a failure, a run over
 * its flow's maxDurationMs), clears (a run that succeeded, within the limit), or neither (null).
 */
export function judgeRun(
  kind: string,
  condition: AlertCondition,
  run: EndedRun,
): { holds: boolean; finding: Finding } | null {
  const flow = run.flow;
  if ((kind !== 'run_failed' && kind !== 'sla_breach') || !inScope(condition as { flowId?: string }, flow)) return null;
  const about = { businessKey: run.businessKey, runId: run.runId };
  const key = run.businessKey ? ` [${run.businessKey}]` : '';
  if (kind === 'run_failed') {
    const failed = FAILED_ENDS.has(run.status);
    if (!failed && run.status !== 'succeeded') return null;
    const why = run.error ? ` — ${run.error.code}: ${run.error.message}` : ` — ${run.status}`;
    const detail = flowDetail(flow, `Run failed: ${flow.name}${key}${why}`, { ...about, error: run.error });
    return { holds: failed, finding: { groupKey: flowKey(flow.flowId), flowId: flow.flowId, detail } };
  }
  const limit = flow.maxDurationMs;
  if (limit === null) return null;
  const took = run.finishedAt - run.createdAt;
  const over = took > limit;
  if (!over && run.status !== 'succeeded') return null;
  const detail = flowDetail(
    flow,
    `SLA breached: ${flow.name}${key} took ${duration(took)} (limit ${duration(limit)})`,
    {
      ...about,
      error: run.error,
      value: took,
      threshold: limit,
    },
  );
  return { holds: over, finding: { groupKey: flowKey(flow.flowId), flowId: flow.flowId, detail } };
}

/** A live run not finished yet, as the rules see it. */
export interface UnfinishedRunFact {
  runId: string;
  status: string;
  createdAt: number;
  businessKey: string | null;
  flow: FlowContext;
}

/** The key of a run's own incident: the run is still unfinished past its flow's SLA. */
export const runKey = (runId: string) => `run:${runId}`;
export const isRunKey = (groupKey: string) => groupKey.startsWith('run:');

const STILL: Record<string, string> = {
  waiting_approval: 'still waiting for an approval',
  compensating: 'still undoing its calls',
};

/**
 * sla_breach on the tick: runs of flows in scope still unfinished (running, waiting, retrying, waiting for an
 * approval, undoing their calls) longer than their flow's maxDurationMs; one finding per run.
 */
export function overdueRuns(c: AlertCondition, runs: UnfinishedRunFact[], now: number): Finding[] {
  const out: Finding[] = [];
  for (const run of runs) {
    const { flow } = run;
    const limit = flow.maxDurationMs;
    const took = now - run.createdAt;
    if (limit === null || took <= limit || !inScope(c as { flowId?: string }, flow)) continue;
    const key = run.businessKey ? ` [${run.businessKey}]` : '';
    const still = STILL[run.status] ?? 'still running';
    const summary = `SLA breached: ${flow.name}${key} ${still} after ${duration(took)} (limit ${duration(limit)})`;
    out.push({
      groupKey: runKey(run.runId),
      flowId: flow.flowId,
      since: run.createdAt + limit,
      detail: flowDetail(flow, summary, {
        businessKey: run.businessKey,
        runId: run.runId,
        value: took,
        threshold: limit,
      }),
    });
  }
  return out;
}

/** failure_rate: the flows in scope whose share of failed runs in the window is over the threshold. */
export function failureRates(
  c: AlertCondition<'failure_rate'>,
  counts: FlowRunCounts[],
  flows: ReadonlyMap<string, FlowContext>,
): Finding[] {
  const out: Finding[] = [];
  for (const n of counts) {
    const flow = flows.get(n.flowId);
    if (!flow || !inScope(c, flow) || n.finished < c.minRuns) continue;
    const pct = (n.failed / n.finished) * 100;
    if (pct <= c.thresholdPercent) continue;
    const summary = `Failure rate ${pct.toFixed(1)}% over ${duration(c.windowMinutes * 60_000)}: ${flow.name} (${n.failed} of ${n.finished} runs failed; limit ${c.thresholdPercent}%)`;
    out.push({
      groupKey: flowKey(flow.flowId),
      flowId: flow.flowId,
      detail: flowDetail(flow, summary, { value: pct, threshold: c.thresholdPercent }),
    });
  }
  return out;
}

/** A downstream circuit as the guard reports it. */
export interface CircuitFact {
  host: string;
  state: 'closed' | 'open' | 'half_open';
  openedAt: number | null;
  lastError: string | null;
}

/** circuit_open: every circuit not closed (half-open: still failing its probes) is pending until open `minutes`. */
export function openCircuits(c: AlertCondition<'circuit_open'>, circuits: CircuitFact[], now: number): Finding[] {
  return circuits
    .filter((x) => x.state !== 'closed' && (c.host === undefined || c.host === x.host))
    .map((x) => {
      const since = x.openedAt ?? now;
      const why = x.lastError ? ` (${x.lastError})` : '';
      return {
        groupKey: `host:${x.host}`,
        flowId: null,
        since,
        holdMs: c.minutes * 60_000,
        detail: plainDetail(`Circuit open for ${x.host} since ${new Date(since).toISOString()}${why}`, {
          host: x.host,
          error: x.lastError ? { code: 'circuit_open', message: x.lastError } : null,
          value: Math.floor((now - since) / 60_000),
          threshold: c.minutes,
        }),
      };
    });
}

/** backlog: the queue holds more runs than the rule allows. */
export function backlogOver(c: AlertCondition<'backlog'>, count: number, flow: FlowContext | null): Finding[] {
  if (count <= c.above) return [];
  const what = c.queue === 'failed' ? 'in the failed-runs queue' : 'unfinished';
  const of = flow ? ` of ${flow.name}` : '';
  const summary = `Backlog: ${count} runs${of} ${what} (limit ${c.above})`;
  const more = { value: count, threshold: c.above };
  return [
    {
      groupKey: `queue:${c.queue}${c.flowId ? `:${c.flowId}` : ''}`,
      flowId: c.flowId ?? null,
      detail: flow ? flowDetail(flow, summary, more) : plainDetail(summary, more),
    },
  ];
}

/** An active flow, when it last succeeded and when it was activated. */
export interface FreshnessFact {
  flow: FlowContext;
  lastSuccess: number | null;
  activatedAt: number;
}

/** silent: active flows in scope with a freshnessMs that have not succeeded for longer than that (since their activation at most). */
export function silentFlows(c: AlertCondition<'silent'>, facts: FreshnessFact[], now: number): Finding[] {
  const out: Finding[] = [];
  for (const { flow, lastSuccess, activatedAt } of facts) {
    const fresh = flow.freshnessMs;
    if (fresh === null || !inScope(c, flow)) continue;
    const since = Math.max(lastSuccess ?? 0, activatedAt);
    if (now - since <= fresh) continue;
    const last = lastSuccess === null ? 'no successful run yet' : `last success ${duration(now - lastSuccess)} ago`;
    const summary = `Silent: ${flow.name} — ${last} (expected every ${duration(fresh)})`;
    out.push({
      groupKey: flowKey(flow.flowId),
      flowId: flow.flowId,
      detail: flowDetail(flow, summary, { value: now - since, threshold: fresh }),
    });
  }
  return out;
}
