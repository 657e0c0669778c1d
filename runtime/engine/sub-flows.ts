import { ErrorCodes, WeftError, type WeftErrorShape } from '../../shared/errors.ts';
import type { RunRow } from '../store/run-store.ts';
import type { EngineCore } from './engine-core.ts';
import { loadRunState } from './run-loader.ts';
import { startRun } from './run-start.ts';
import type { RunState } from './run-state.ts';
import type { StepOutcome } from './run-transitions.ts';
import { runStep } from './step-runner.ts';
import { loopRunEnded } from './loops.ts';
import { isDatabaseUnavailable } from '../store/unavailable.ts';

/**
 * Sub-flow runs: a control.call step starts a run of another flow and waits for it; when that run
 * ends, the step goes on with its result, also after either process restarted.
 */

/** Starts a sub-flow run for a control.call step: the callee's active version, from its manual trigger. */
export async function startChild(
  core: EngineCore,
  parent: RunState,
  nodeId: string,
  flowId: string,
  input: unknown,
): Promise<string> {
  const version = await core.activeVersion(flowId);
  if (version === null)
    throw new WeftError(ErrorCodes.conflict, `flow "${flowId}" has no active version to call`, { retryable: false });
  const plan = await core.planFor(flowId, version);
  const trigger = [...plan.nodes.values()].find((pn) => pn.descriptor.trigger === 'manual');
  if (!trigger)
    throw new WeftError(ErrorCodes.config, `flow "${flowId}" has no manual trigger, so it cannot be called`, {
      retryable: false,
    });
  const started = await startRun(core, {
    plan,
    triggerNodeId: trigger.node.id,
    event: { body: input },
    correlationId: parent.correlationId,
    parent: { runId: parent.id, nodeId },
    env: parent.bindings.env,
  });
  return started.runId;
}

/** A run now executing here may wait for sub-flow runs that finished while it was elsewhere: those hand their result over now. */
export function resumeCalls(core: EngineCore, rs: RunState): void {
  for (const [nodeId, rec] of rs.steps) {
    if (rec.status === 'waiting' && rec.child) void core.childFinished(rec.child);
    // A loop goes on with the items its body runs have not done yet (loops.ts).
    if (rec.status === 'waiting' && rec.loop) core.driveLoop(rs, nodeId, false);
  }
}

/**
 * A run finished: when a control.call step waits for it, that step goes on with the child's result
 * (its response body when it set one, else the output of its last step), or fails when the child did not succeed.
 */
export async function childFinished(core: EngineCore, childId: string): Promise<void> {
  const runs = core.store.runs;
  const child = await runs.run(childId);
  if (
    !child?.parentRunId ||
    !child.parentNodeId ||
    ['running', 'waiting_approval', 'compensating'].includes(child.status)
  )
    return;
  // Only a caller executing here can go on; its row tells whether it still runs.
  if (!core.active.has(child.parentRunId)) return;
  // Its status alone: a loop's caller ends this way once per item, and its row holds the whole trigger event.
  if ((await runs.runStatus(child.parentRunId)) !== 'running') return;
  const rs = core.active.get(child.parentRunId);
  // While the caller's end is being written, the handover waits (run-lifecycle.ts, terminate).
  if (!rs || rs.ending !== null) return;
  const step = rs.steps.get(child.parentNodeId);
  const nodeId = child.parentNodeId;
  if (step?.status === 'waiting' && step.loop) return loopRunEnded(core, rs, nodeId, child);
  if (step?.status !== 'waiting' || step.child !== childId || rs.inFlight.has(nodeId)) return;
  // Taken at once, so that a second word of the same child's end finds the step busy.
  rs.inFlight.add(nodeId);
  let outcome: StepOutcome;
  if (child.status === 'succeeded') {
    let result: unknown;
    try {
      result = await resultOf(core, child);
    } catch (err) {
      rs.inFlight.delete(nodeId);
      throw err;
    }
    outcome = { ok: true, port: 'out', output: { runId: childId, status: child.status, result } };
  } else {
    const e = child.error ? (JSON.parse(child.error) as WeftErrorShape) : null;
    outcome = {
      ok: false,
      error: {
        code: 'sub_flow_failed',
        message: `sub-flow run ${childId} of "${child.flowId}" ended ${child.status}${e ? `: ${e.message}` : ''}`,
        retryable: false,
        details: { runId: childId, error: e },
      },
    };
  }
  await runStep(core, rs, nodeId, outcome);
}

/** Waits before each new attempt at a handover the database refused: 0.25 s, 1 s, 4 s, then every 15 s. */
export const HANDOVER_RETRY_MS = [250, 1_000, 4_000, 15_000];

/**
 * childFinished, tried again while the database is unavailable (cut connections, a restart, a busy lock),
 * for as long as the engine runs: the child's end is stored, so the caller waiting here goes on once the
 * database answers, without waiting for a restart. Other failures are logged; the handover then happens
 * when the caller is next loaded (a restart or a takeover).
 */
export async function handOver(
  core: EngineCore,
  childId: string,
  logError: (message: string, fields: Record<string, unknown>) => void,
  attempt = 0,
): Promise<void> {
  try {
    await childFinished(core, childId);
  } catch (err) {
    const e = err as Error;
    if (!isDatabaseUnavailable(err) || core.stopping) {
      logError('a sub-flow run could not hand its result over; it does when its caller is next loaded', {
        runId: childId,
        error: e.message,
      });
      return;
    }
    const delay = HANDOVER_RETRY_MS[Math.min(attempt, HANDOVER_RETRY_MS.length - 1)];
    core.clock.setTimer(() => handOver(core, childId, logError, attempt + 1), delay);
  }
}

/** What a finished run hands back: the body it responded with, or the output of its last step (in flow order). */
async function resultOf(core: EngineCore, row: RunRow): Promise<unknown> {
  const response = row.response ? (JSON.parse(row.response) as { body?: unknown }) : null;
  if (response && response.body !== undefined) return response.body;
  const rs = await loadRunState(row, core.store.runs, core.planFor);
  const last = [...rs.plan.order]
    .reverse()
    .find((id) => rs.steps.get(id)?.status === 'succeeded' && id !== rs.triggerNodeId);
  return last === undefined ? null : rs.outputs[last];
}
