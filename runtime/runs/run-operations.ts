import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { isTruncatedPayload, type RunView } from '../../shared/run.ts';
import { stepToRetry } from '../../shared/retry-target.ts';
import { triggerEventOf } from '../engine/payloads.ts';
import { runView } from '../engine/run-view.ts';
import type { FailedFilter, FailedGroup } from '../store/run-queries.ts';
import type { Weft } from '../weft.ts';
import type { Actor } from '../security/audit.ts';
import { mergePatch } from './merge-patch.ts';
import { bodyRunOf } from '../../shared/loop.ts';

/** What run operations use of the runtime. */
export type RunOperationsDeps = Pick<Weft, 'store' | 'flows' | 'engine' | 'config' | 'audit'>;

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

/** A flow that is not there (any more) has no definition; other errors are thrown on. */
function gone(err: unknown): undefined {
  if ((err as { code?: unknown } | null)?.code === ErrorCodes.notFound) return undefined;
  throw err;
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

  async view(runId: string): Promise<RunView> {
    const { store, flows } = this.weft;
    const row = await store.runs.run(runId);
    if (!row) throw new WeftError(ErrorCodes.notFound, `run "${runId}" not found`);
    return runView(row, true, store.runs, {
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
      const run = await this.view(runId);
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
    await this.refuseBodyRun(runId, 'retried');
    await this.weft.engine.retryFailed(runId, edited, o.note, (tx) =>
      this.weft.audit.record(
        {
          actor,
          action: 'run.retried',
          target: runId,
          detail: { note: o.note ?? null, input: o.input, patch: o.patch },
        },
        tx,
      ),
    );
  }

  /** Retries only the failed items of a finished run's loop step, and the steps after it (engine/loop-retry.ts). */
  async retryFailedItems(
    runId: string,
    nodeId: string,
    note?: string,
    actor: Actor | null = null,
  ): Promise<{ items: number }> {
    return this.weft.engine.retryFailedItems(runId, nodeId, note, (tx) =>
      this.weft.audit.record(
        { actor, action: 'run.items_retried', target: runId, detail: { nodeId, note: note ?? null } },
        tx,
      ),
    );
  }

  /**
   * A loop's body run is part of its run: retried or replayed on its own, its loop's output would not
   * know of it. The loop retries its failed items (retryFailedItems).
   */
  private async refuseBodyRun(runId: string, what: 'retried' | 'replayed'): Promise<void> {
    const row = await this.weft.store.runs.run(runId);
    const body = row ? bodyRunOf(row) : null;
    if (body)
      throw new WeftError(
        ErrorCodes.conflict,
        `run ${runId} is item ${body.index} of loop "${body.loopId}" in run ${body.runId} and cannot be ${what} on its own; retry the loop's failed items instead (POST /api/runs/${body.runId}/steps/${body.loopId}/retry-failed-items)`,
      );
  }

  /** Starts a new run of the same version from the run's trigger event; its connectors reuse the original run's idempotency keys. */
  async replay(runId: string, note?: string, actor: Actor | null = null): Promise<{ runId: string }> {
    const { store, engine } = this.weft;
    const row = await store.runs.run(runId);
    if (!row) throw new WeftError(ErrorCodes.notFound, `run "${runId}" not found`);
    if (row.mode === 'test' || row.version === null)
      throw new WeftError(ErrorCodes.conflict, 'test runs cannot be replayed; start a new test run');
    await this.refuseBodyRun(runId, 'replayed');
    if (row.status === 'running')
      throw new WeftError(
        ErrorCodes.conflict,
        `run ${runId} is still running; cancel it first or wait for it to finish`,
      );
    const plan = await engine.planFor(row.flowId, row.version);
    const started = await engine.startRun({
      plan,
      triggerNodeId: row.triggerNode,
      event: triggerEventOf(row),
      correlationId: row.correlationId,
      replayOf: runId,
    });
    const now = this.weft.engine.clock.now();
    await store.write(async (tx) => {
      await tx.runs.addAction(runId, now, 'replay', note ?? null, { runId: started.runId });
      await tx.runs.addAction(started.runId, now, 'replayed_from', note ?? null, { runId });
      await this.weft.audit.record(
        {
          actor,
          action: 'run.replayed',
          target: runId,
          detail: { note: note ?? null, replay: { runId: started.runId } },
        },
        tx,
      );
    });
    return { runId: started.runId };
  }

  /** Sets a failed run aside with a reason; it leaves the failed-runs queue. */
  async discard(runId: string, reason: string, actor: Actor | null = null): Promise<void> {
    const now = this.weft.engine.clock.now();
    await this.weft.store.write(async (tx) => {
      // Read in the write: a run retried meanwhile is not set aside.
      const row = await tx.runs.run(runId);
      if (!row) throw new WeftError(ErrorCodes.notFound, `run "${runId}" not found`);
      if (row.status !== 'failed')
        throw new WeftError(ErrorCodes.conflict, `run ${runId} is ${row.status}; only failed runs can be discarded`);
      await tx.runs.setStatus(runId, 'discarded', now);
      await tx.runs.addAction(runId, now, 'discard', reason, undefined);
      await this.weft.audit.record({ actor, action: 'run.discarded', target: runId, detail: { reason } }, tx);
    });
  }

  cancel(runId: string, reason: string, actor: Actor | null = null): Promise<void> {
    return this.weft.engine.cancel(runId, reason, (tx) =>
      this.weft.audit.record({ actor, action: 'run.cancelled', target: runId, detail: { reason } }, tx),
    );
  }

  /** An operator's decision on a run waiting at an approval step: it leaves by "approved" or "rejected". */
  decide(runId: string, decision: 'approve' | 'reject', comment?: string, actor: Actor | null = null): Promise<void> {
    return this.weft.engine.decide(runId, decision, comment, (tx) =>
      this.weft.audit.record(
        {
          actor,
          action: decision === 'approve' ? 'run.approved' : 'run.rejected',
          target: runId,
          detail: { comment: comment ?? null },
        },
        tx,
      ),
    );
  }

  async summary(filter: FailedFilter): Promise<FailedGroup[]> {
    const groups = await this.weft.store.runQueries.failedGroups(filter);
    // The node names of each flow, read once per flow.
    const names = new Map<string, Map<string, string>>();
    for (const flowId of new Set(groups.map((g) => g.flowId))) names.set(flowId, await this.nodeNames(flowId));
    return groups.map((g) => ({
      ...g,
      nodeName: g.nodeId === null ? null : (names.get(g.flowId)?.get(g.nodeId) ?? null),
    }));
  }

  /** A flow's node names by node id: from its active version, else its draft; none for a deleted flow. */
  private async nodeNames(flowId: string): Promise<Map<string, string>> {
    const flows = this.weft.flows;
    const byNode = new Map<string, string>();
    if (!(await flows.exists(flowId))) return byNode;
    const active = await flows.activeVersion(flowId);
    // Deleted meanwhile: no names.
    const draft = () =>
      flows.get(flowId).then(
        (d) => d.definition,
        (err) => gone(err),
      );
    const def = active !== null ? await flows.version(flowId, active) : await draft();
    for (const node of def?.nodes ?? []) if (node.name) byNode.set(node.id, node.name);
    return byNode;
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
    const ids = target.ids ?? (await this.weft.store.runQueries.failedRunIds(target.filter ?? {}, BULK_LIMIT));
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
    await this.weft.audit.record({
      actor,
      action: `run.bulk_${action}`,
      target: null,
      detail: { request: { action, ...target, ...o }, result },
    });
    return result;
  }
}
