import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { isTruncatedPayload, type RunView } from '../../shared/run.ts';
import { stepToRetry } from '../../shared/retry-target.ts';
import { triggerEventOf } from '../engine/payloads.ts';
import { runView } from '../engine/run-view.ts';
import { failedGroups, failedRunIds, type FailedFilter, type FailedGroup } from '../store/run-queries.ts';
import type { Weft } from '../weft.ts';
import type { Actor } from '../security/audit.ts';
import { mergePatch } from './merge-patch.ts';

/** What run operations use of the runtime. */
export type RunOperationsDeps = Pick<Weft, 'runStore' | 'flows' | 'engine' | 'db' | 'config' | 'audit'>;

export type BulkAction = 'retry' | 'replay' | 'discard';

export interface RetryOptions {
  /** Replaces the failed step's input. */
  input?: unknown;
  /** JSON Merge Patch applied to the failed step's input (works in bulk: each run keeps its own data). */
  patch?: unknown;
  note?: string;
}

export interface BulkResult {
  matched: number;
  done: string[];
  failed: { runId: string; error: string }[];
}

/** Largest number of runs one bulk action touches. */
export const BULK_LIMIT = 1000;

/**
 * What operators do with failed and stuck runs: retry (with an edited input), replay, discard, cancel,
 * approve or reject — single or in bulk. Each change is audited in the transaction that makes it;
 * `actor` is who asked (null: the runtime itself).
 */
export class RunOperations {
  constructor(private readonly weft: RunOperationsDeps) {}

  view(runId: string): RunView {
    const { runStore, flows } = this.weft;
    const row = runStore.run(runId);
    if (!row) throw new WeftError(ErrorCodes.notFound, `run "${runId}" not found`);
    return runView(row, true, runStore, {
      previewCap: this.weft.config.stepPayloadCap,
      version: (flowId, version) => flows.version(flowId, version),
    });
  }

  /** Retries a failed run from its failed step; completed steps keep their outputs, connectors their idempotency keys. */
  async retry(runId: string, o: RetryOptions = {}, actor: Actor | null = null): Promise<void> {
    if (o.input !== undefined && o.patch !== undefined)
      throw new WeftError(ErrorCodes.badRequest, 'send either "input" or "patch", not both');
    let edited: { nodeId: string; value: unknown } | undefined;
    if (o.input !== undefined || o.patch !== undefined) {
      const run = this.view(runId);
      const step = stepToRetry(run);
      if (run.status !== 'failed' || !step)
        throw new WeftError(
          ErrorCodes.conflict,
          `run ${runId} is ${run.status}; only a failed run's failed step takes an edited input`,
        );
      if (isTruncatedPayload(step.input))
        throw new WeftError(
          ErrorCodes.conflict,
          `the input of step "${step.nodeId}" is too large to edit here; send the whole input instead of a patch`,
        );
      edited = { nodeId: step.nodeId, value: o.input !== undefined ? o.input : mergePatch(step.input, o.patch) };
    }
    await this.weft.engine.retryFailed(runId, edited, o.note, () =>
      this.weft.audit.record({
        actor,
        action: 'run.retried',
        target: runId,
        detail: { note: o.note ?? null, input: o.input, patch: o.patch },
      }),
    );
  }

  /** Starts a new run of the same version from the run's trigger event; its connectors reuse the original run's idempotency keys. */
  async replay(runId: string, note?: string, actor: Actor | null = null): Promise<{ runId: string }> {
    const { runStore, engine } = this.weft;
    const row = runStore.run(runId);
    if (!row) throw new WeftError(ErrorCodes.notFound, `run "${runId}" not found`);
    if (row.mode === 'test' || row.version === null)
      throw new WeftError(ErrorCodes.conflict, 'test runs cannot be replayed; start a new test run');
    if (row.status === 'running')
      throw new WeftError(
        ErrorCodes.conflict,
        `run ${runId} is still running; cancel it first or wait for it to finish`,
      );
    const plan = engine.planFor(row.flowId, row.version);
    const started = await engine.startRun({
      plan,
      triggerNodeId: row.triggerNode,
      event: triggerEventOf(row),
      correlationId: row.correlationId,
      replayOf: runId,
    });
    const now = this.weft.engine.clock.now();
    await runStore.committer.write(() => {
      runStore.addAction(runId, now, 'replay', note ?? null, { runId: started.runId });
      runStore.addAction(started.runId, now, 'replayed_from', note ?? null, { runId });
      this.weft.audit.record({
        actor,
        action: 'run.replayed',
        target: runId,
        detail: { note: note ?? null, replay: { runId: started.runId } },
      });
    });
    return { runId: started.runId };
  }

  /** Sets a failed run aside with a reason; it leaves the failed-runs queue. */
  async discard(runId: string, reason: string, actor: Actor | null = null): Promise<void> {
    const { runStore } = this.weft;
    const row = runStore.run(runId);
    if (!row) throw new WeftError(ErrorCodes.notFound, `run "${runId}" not found`);
    if (row.status !== 'failed')
      throw new WeftError(ErrorCodes.conflict, `run ${runId} is ${row.status}; only failed runs can be discarded`);
    const now = this.weft.engine.clock.now();
    await runStore.committer.write(() => {
      runStore.setStatus(runId, 'discarded', now);
      runStore.addAction(runId, now, 'discard', reason, undefined);
      this.weft.audit.record({ actor, action: 'run.discarded', target: runId, detail: { reason } });
    });
  }

  cancel(runId: string, reason: string, actor: Actor | null = null): Promise<void> {
    return this.weft.engine.cancel(runId, reason, () =>
      this.weft.audit.record({ actor, action: 'run.cancelled', target: runId, detail: { reason } }),
    );
  }

  /** An operator's decision on a run waiting at an approval step: it leaves by "approved" or "rejected". */
  decide(runId: string, decision: 'approve' | 'reject', comment?: string, actor: Actor | null = null): Promise<void> {
    return this.weft.engine.decide(runId, decision, comment, () =>
      this.weft.audit.record({
        actor,
        action: decision === 'approve' ? 'run.approved' : 'run.rejected',
        target: runId,
        detail: { comment: comment ?? null },
      }),
    );
  }

  summary(filter: FailedFilter): FailedGroup[] {
    const names = new Map<string, Map<string, string>>();
    const nameOf = (flowId: string, nodeId: string): string | null => {
      let byNode = names.get(flowId);
      if (!byNode) {
        byNode = new Map();
        const flows = this.weft.flows;
        const active = flows.exists(flowId) ? flows.activeVersion(flowId) : null;
        const def =
          active !== null
            ? flows.version(flowId, active)
            : flows.exists(flowId)
              ? flows.get(flowId).definition
              : undefined;
        for (const node of def?.nodes ?? []) if (node.name) byNode.set(node.id, node.name);
        names.set(flowId, byNode);
      }
      return byNode.get(nodeId) ?? null;
    };
    return failedGroups(this.weft.db, filter).map((g) => ({
      ...g,
      nodeName: g.nodeId === null ? null : nameOf(g.flowId, g.nodeId),
    }));
  }

  /**
   * Applies one action to explicit run ids or to every failed run matching a filter (at most BULK_LIMIT).
   * Each run's change is audited as a single one would be; the request and its result as run.bulk_<action>.
   */
  async bulk(
    action: BulkAction,
    target: { ids?: string[]; filter?: FailedFilter },
    o: { patch?: unknown; note?: string; reason?: string },
    actor: Actor | null = null,
  ): Promise<BulkResult> {
    const ids = target.ids ?? failedRunIds(this.weft.db, target.filter ?? {}, BULK_LIMIT);
    if (ids.length > BULK_LIMIT)
      throw new WeftError(ErrorCodes.badRequest, `at most ${BULK_LIMIT} runs per bulk action, got ${ids.length}`);
    if (action === 'discard' && !o.reason) throw new WeftError(ErrorCodes.badRequest, 'discarding needs a "reason"');
    const result: BulkResult = { matched: ids.length, done: [], failed: [] };
    for (const id of ids) {
      try {
        if (action === 'retry') await this.retry(id, { patch: o.patch, note: o.note }, actor);
        else if (action === 'replay') await this.replay(id, o.note, actor);
        else await this.discard(id, o.reason!, actor);
        result.done.push(id);
      } catch (err) {
        result.failed.push({ runId: id, error: (err as Error).message });
      }
    }
    this.weft.audit.record({
      actor,
      action: `run.bulk_${action}`,
      target: null,
      detail: { request: { action, ...target, ...o }, result },
    });
    return result;
  }
}
