import type { AlertCondition } from '../../shared/alerts.ts';
import type { Clock } from '../engine/clock.ts';
import { newId } from '../engine/ids.ts';
import type { Logger } from '../logger.ts';
import type { AlertRuleRow, IncidentRow } from '../store/alert-store.ts';
import type { Store } from '../store/ports.ts';
import {
  backlogOver,
  failureRates,
  isRunKey,
  judgeRun,
  openCircuits,
  silentFlows,
  type CircuitFact,
  type Finding,
  type UnfinishedRunFact,
} from './conditions.ts';
import { flowContext, type FlowContext } from './flow-context.ts';
import { cleared, holding, reminded, repeatDue, type Change } from './incidents.ts';
import { writeChange } from './incident-write.ts';
import { endedRun, OverdueRuns } from './overdue-runs.ts';

export interface EvaluatorOptions {
  store: Pick<Store, 'write' | 'alerts' | 'runs' | 'flows' | 'oneAtATime'>;
  clock: Clock;
  logger: Logger;
  /** The downstream circuits as this process knows them (a cluster shares them). */
  circuits(): CircuitFact[];
  /** WEFT_PUBLIC_URL: notifications link to runs under it. */
  publicUrl: string | null;
  /** Notifications were queued: the outbox should look. */
  queued(): void;
  /** Between periodic evaluations. */
  intervalMs: number;
}

const RUN_KINDS = new Set(['run_failed', 'sla_breach']);
/** Rules are read again at least this often (a cluster's other processes may change them). */
const RULES_MAX_AGE_MS = 5000;
/** Resolved incidents are kept this long. */
export const INCIDENT_KEEP_MS = 90 * 86_400_000;

/**
 * Evaluates the alert rules: those about single runs when a run ends here (run_failed, sla_breach),
 * the others on a periodic tick (failure_rate, circuit_open, backlog, silent, and sla_breach for runs
 * still unfinished past their SLA), one process of a cluster at a time. Each finding becomes an incident
 * change and its notifications in one store write.
 */
export class Evaluator {
  /** Live runs whose end the run rules have looked at. */
  readonly stats = { runsJudged: 0 };
  private cached: { at: number; rules: AlertRuleRow[]; runRules: boolean } | null = null;
  private readonly definitions = new Map<string, FlowContext | null>();
  /** Ends of runs evaluated in order per flow. */
  private readonly chains = new Map<string, Promise<void>>();
  private timer: unknown = null;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly overdue: OverdueRuns;

  constructor(private readonly o: EvaluatorOptions) {
    this.overdue = new OverdueRuns({
      store: o.store,
      flowOf: (flowId, version) => this.flowOf(flowId, version),
      publicUrl: o.publicUrl,
    });
  }

  /** Rules changed here: read them again before the next evaluation. */
  rulesChanged(): void {
    this.cached = null;
  }

  /** A run ended on this process: its flow's run rules look at it (after the flow's earlier ends). */
  runEnded(run: { runId: string; flowId: string; mode: string }): void {
    if (run.mode !== 'live' || this.stopped) return;
    // The rules as judge() would read them have none about single runs: nothing to look at.
    const prev = this.chains.get(run.flowId);
    if (!prev && this.cached && this.o.clock.now() - this.cached.at <= RULES_MAX_AGE_MS && !this.cached.runRules) {
      this.stats.runsJudged++;
      return;
    }
    const next = (prev ?? Promise.resolve())
      .then(() => this.judge(run.runId))
      .catch((err: Error) =>
        this.o.logger.error('alert rules could not look at an ended run', { runId: run.runId, error: err.message }),
      )
      .finally(() => void this.stats.runsJudged++);
    this.chains.set(run.flowId, next);
    void next.finally(() => this.chains.get(run.flowId) === next && this.chains.delete(run.flowId));
  }

  /** Waits for the ended runs handed over so far to be evaluated. */
  async settled(): Promise<void> {
    while (this.chains.size) await Promise.all(this.chains.values());
  }

  start(): void {
    if (!this.stopped && this.o.intervalMs > 0) this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.o.clock.clearTimer(this.timer);
    this.timer = null;
    await Promise.all([this.ticking, this.settled()]);
  }

  /** The periodic evaluation, now (after one under way); skipped when another process did it less than half a period ago. */
  tick(): Promise<void> {
    const run = this.ticking.then(() =>
      this.o.store.oneAtATime('alert-evaluation', async () => {
        const now = this.o.clock.now();
        const due = await this.o.store.write((tx) => tx.alerts.markIfDue('evaluation', now, this.o.intervalMs / 2));
        if (due) await this.evaluate(now);
      }),
    );
    this.ticking = run.catch(() => {});
    return run;
  }

  private arm(): void {
    this.timer = this.o.clock.setTimer(() => {
      this.timer = null;
      return this.tick()
        .catch((err: Error) => this.o.logger.error('alert rules could not be evaluated', { error: err.message }))
        .finally(() => !this.stopped && this.arm());
    }, this.o.intervalMs);
  }

  private async rules(): Promise<AlertRuleRow[]> {
    const now = this.o.clock.now();
    if (!this.cached || now - this.cached.at > RULES_MAX_AGE_MS) {
      const rules = (await this.o.store.alerts.rules()).filter((r) => r.enabled);
      this.cached = { at: now, rules, runRules: rules.some((r) => RUN_KINDS.has(r.kind)) };
    }
    return this.cached.rules;
  }

  private async flowOf(flowId: string, version: number | null): Promise<FlowContext | null> {
    if (version === null) return null;
    const key = `${flowId}@${version}`;
    if (!this.definitions.has(key)) {
      const def = await this.o.store.flows.version(flowId, version);
      if (this.definitions.size > 500) this.definitions.clear();
      this.definitions.set(key, def ? flowContext(def) : null);
    }
    return this.definitions.get(key) ?? null;
  }

  private async judge(runId: string): Promise<void> {
    const rules = (await this.rules()).filter((r) => RUN_KINDS.has(r.kind));
    if (rules.length === 0) return;
    const row = await this.o.store.runs.run(runId);
    if (row?.mode !== 'live') return;
    const flow = await this.flowOf(row.flowId, row.version);
    const run = flow && endedRun(row, flow);
    if (!run) return;
    const now = this.o.clock.now();
    let queued = false;
    for (const rule of rules) {
      const verdict = judgeRun(rule.kind, rule.condition as AlertCondition, run);
      if (!verdict) continue;
      const { holds, finding } = verdict;
      if (rule.kind === 'sla_breach' && holds) {
        // Found past its SLA while it ran: that incident resolves, and the end opens nothing more.
        const own = await this.overdue.ended(rule, run, finding.detail, now);
        queued = own.queued || queued;
        if (own.had) continue;
      }
      queued =
        (await this.change(
          rule,
          finding.groupKey,
          (live) =>
            holds ? holding(live, rule, finding, now, () => newId('inc', now)) : live ? cleared(live, now) : null,
          now,
        )) || queued;
    }
    if (queued) this.o.queued();
  }

  private async evaluate(now: number): Promise<void> {
    // A flow deleted and made again has its version numbers again: what is kept of them is read anew.
    this.definitions.clear();
    const rules = await this.rules();
    let queued = false;
    let flows: Map<string, FlowContext & { activatedAt: number }> | null = null;
    const active = async () => (flows ??= await this.activeFlows());
    let unfinished: UnfinishedRunFact[] | null = null;
    const running = async () => (unfinished ??= await this.overdue.unfinished(now));
    for (const rule of rules) {
      try {
        if (rule.kind === 'sla_breach') queued = (await this.overdue.reconcile(rule, await running(), now)) || queued;
        if (RUN_KINDS.has(rule.kind)) queued = (await this.remind(rule, now)) || queued;
        else queued = (await this.reconcile(rule, await this.findings(rule, now, active), now)) || queued;
      } catch (err) {
        this.o.logger.error('an alert rule could not be evaluated', { ruleId: rule.id, error: (err as Error).message });
      }
    }
    await this.o.store.write((tx) => tx.alerts.pruneIncidents(now - INCIDENT_KEEP_MS));
    if (queued) this.o.queued();
  }

  private async findings(
    rule: AlertRuleRow,
    now: number,
    active: () => Promise<Map<string, FlowContext & { activatedAt: number }>>,
  ): Promise<Finding[]> {
    const a = this.o.store.alerts;
    switch (rule.kind) {
      case 'failure_rate': {
        const c = rule.condition as AlertCondition<'failure_rate'>;
        return failureRates(c, await a.runCounts(now - c.windowMinutes * 60_000, c.flowId), await active());
      }
      case 'circuit_open':
        return openCircuits(rule.condition as AlertCondition<'circuit_open'>, this.o.circuits(), now);
      case 'backlog': {
        const c = rule.condition as AlertCondition<'backlog'>;
        const flow = c.flowId === undefined ? null : ((await active()).get(c.flowId) ?? null);
        return backlogOver(c, await a.backlog(c.queue, c.flowId), flow);
      }
      case 'silent': {
        const facts = [];
        for (const flow of (await active()).values())
          if (flow.freshnessMs !== null)
            facts.push({ flow, lastSuccess: await a.lastSuccess(flow.flowId), activatedAt: flow.activatedAt });
        return silentFlows(rule.condition as AlertCondition<'silent'>, facts, now);
      }
      default:
        return [];
    }
  }

  private async activeFlows(): Promise<Map<string, FlowContext & { activatedAt: number }>> {
    const out = new Map<string, FlowContext & { activatedAt: number }>();
    for (const a of await this.o.store.alerts.activeFlows()) {
      const flow = await this.flowOf(a.flowId, a.version);
      if (flow) out.set(a.flowId, { ...flow, activatedAt: a.activatedAt });
    }
    return out;
  }

  /** A tick's findings against the rule's live incidents: those found hold, the others clear. */
  private async reconcile(rule: AlertRuleRow, findings: Finding[], now: number): Promise<boolean> {
    let queued = false;
    const found = new Set<string>();
    for (const f of findings) {
      found.add(f.groupKey);
      const opened = (live: IncidentRow | undefined) => holding(live, rule, f, now, () => newId('inc', now));
      queued = (await this.change(rule, f.groupKey, opened, now)) || queued;
    }
    for (const live of await this.o.store.alerts.liveIncidents(rule.id))
      if (!found.has(live.groupKey))
        queued = (await this.change(rule, live.groupKey, (l) => (l ? cleared(l, now) : null), now)) || queued;
    return queued;
  }

  /**
   * Open incidents of run rules, reminded when their repeat is due (they clear only with a run); those of
   * unfinished runs are reminded by their own tick (OverdueRuns).
   */
  private async remind(rule: AlertRuleRow, now: number): Promise<boolean> {
    let queued = false;
    for (const live of await this.o.store.alerts.liveIncidents(rule.id))
      if (!isRunKey(live.groupKey) && repeatDue(live, rule, now))
        queued =
          (await this.change(
            rule,
            live.groupKey,
            (l) => (l && repeatDue(l, rule, now) ? reminded(l, now) : null),
            now,
          )) || queued;
    return queued;
  }

  private change(
    rule: AlertRuleRow,
    groupKey: string,
    decide: (live: IncidentRow | undefined) => Change | null,
    now: number,
  ): Promise<boolean> {
    return writeChange(this.o.store, rule, groupKey, decide, now, this.o.publicUrl);
  }
}
