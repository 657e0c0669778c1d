import type { RunState } from './run-state.ts';
import type { Store } from '../store/ports.ts';
import type { Clock } from './clock.ts';
import type { ExpressionCache } from './expressions.ts';
import { bindingsOf, createStepContext, type StepContextDeps } from './step-context.ts';
import { buildConfigPlan, resolveConfig } from './config-plan.ts';
import { IO_RETRY, backoffDelay } from '../../shared/retry-policy.ts';
import { toErrorShape, type WeftErrorShape } from '../../shared/errors.ts';

/** Suffix of the step row that records a node's compensating call. */
export const COMPENSATION_SUFFIX = '~compensate';

/** Whether a failed run of this flow compensates (flow setting onFailure "compensate"); test runs do only as a test case. */
export function compensates(rs: RunState): boolean {
  return (rs.mode === 'live' || rs.recorded !== null) && rs.plan.definition.settings?.onFailure === 'compensate';
}

/** Nodes whose successful calls are to be undone, latest first (reverse topological order). */
export function toCompensate(rs: RunState): string[] {
  return [...rs.plan.order]
    .reverse()
    .filter(
      (id) =>
        rs.steps.get(id)?.status === 'succeeded' &&
        (rs.plan.nodes.get(id)!.node.config as { compensate?: unknown }).compensate !== undefined,
    );
}

export interface CompensationHost {
  store: Pick<Store, 'runs' | 'write'>;
  clock: Clock;
  exprs: ExpressionCache;
  stepDeps: StepContextDeps;
  signal: AbortSignal;
  random?: () => number;
  stopping(): boolean;
  /** This worker: each attempt is written only while it holds the run (RunStore.fence). */
  workerId: string;
}

/**
 * Undoes a failed run's successful calls that declare a compensating call, latest first, each with
 * its own retries; every attempt is committed as a step row "<node>~compensate" and sends the key
 * "<run>:<node>~compensate". Compensations already done (before a restart) are skipped. Returns the
 * failure of the first compensation that could not be done, null when all were, or 'stopped' at shutdown.
 */
export async function runCompensations(h: CompensationHost, rs: RunState): Promise<WeftErrorShape | null | 'stopped'> {
  const done = new Map((await h.store.runs.steps(rs.id)).map((s) => [s.nodeId, s]));
  for (const nodeId of toCompensate(rs)) {
    const rowId = nodeId + COMPENSATION_SUFFIX;
    if (done.get(rowId)?.status === 'succeeded') continue;
    const pn = rs.plan.nodes.get(nodeId)!;
    const output = rs.outputs[nodeId];
    const declared = (pn.node.config as { compensate: Record<string, unknown> & { method?: string } }).compensate;
    const spec = { ...declared, method: declared.method ?? 'DELETE' };
    let attempt = done.get(rowId)?.attempts ?? 0;
    for (;;) {
      if (h.stopping()) return 'stopped';
      attempt++;
      const startedAt = h.clock.now();
      let error: WeftErrorShape | null = null;
      try {
        // A test case answers the compensating call from its recording "<node>~compensate".
        const answer = rs.recorded?.next(rowId, pn.descriptor.type);
        if (answer && answer.ok === false) error = answer.error;
        else if (!answer) {
          const config = await resolveConfig(
            buildConfigPlan(spec, pn.descriptor.config, () => false),
            output,
            h.exprs,
            bindingsOf(rs),
          );
          await pn.descriptor.execute(createStepContext(h.stepDeps, rs, rowId, attempt, h.signal), output, config);
        }
      } catch (err) {
        error = toErrorShape(err);
      }
      const now = h.clock.now();
      const again = error?.retryable === true && attempt < IO_RETRY.maxAttempts;
      await h.store.write(async (tx) => {
        await tx.runs.fence(rs.id, h.workerId);
        await tx.runs.upsertStep({
          runId: rs.id,
          nodeId: rowId,
          status: error === null ? 'succeeded' : again ? 'retrying' : 'failed',
          port: null,
          attempts: attempt,
          input: JSON.stringify({ $weftRef: 'step:' + nodeId }),
          output: null,
          error: error ? JSON.stringify(error) : null,
          attemptErrors: null,
          startedAt,
          finishedAt: again ? null : now,
          nextAttemptAt: null,
        });
      });
      if (error === null) break;
      if (!again)
        return {
          code: 'compensation_failed',
          message: `the compensating call of "${nodeId}" failed: ${error.message}`,
          retryable: false,
        };
      // A test case tries its compensating call again at once (its answers are recorded).
      if (rs.recorded) continue;
      const delay = Math.max(backoffDelay(IO_RETRY, attempt + 1, h.random), error.retryAfterMs ?? 0);
      await new Promise<void>((resolve) => h.clock.setTimer(resolve, delay));
    }
  }
  return null;
}
