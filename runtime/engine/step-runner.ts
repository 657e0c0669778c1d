import { type HttpClient, isRouted, isWaiting } from '../../nodes/define-node.ts';
import { ErrorCodes, toErrorShape, WeftError, type WeftErrorShape } from '../../shared/errors.ts';
import { compensates, toCompensate } from './compensation.ts';
import { resolveConfig } from './config-plan.ts';
import type { EngineCore } from './engine-core.ts';
import type { StoreParts } from '../store/ports.ts';
import { storeValue, type StoredValue } from './payloads.ts';
import { compensate, complete, hasEnded, letGo, terminate } from './run-lifecycle.ts';
import { unavailableFailure } from '../store/store-failure.ts';
import { RunTakenOver } from '../store/run-store.ts';
import type { RunState, Settlement, StepRecord } from './run-state.ts';
import {
  effectsAfterCommit,
  type RunChange,
  runChange,
  type SettledStep,
  type StepOutcome,
  stepRow,
  transition,
} from './run-transitions.ts';
import { bindingsOf, createStepContext } from './step-context.ts';
import { commitFailure, failedStepRow, storeOutput } from './step-commit.ts';
import { withStepTimeout } from './step-timeout.ts';
import { runLogFields } from './log-fields.ts';
import { retryAtOnce } from './recorded-answers.ts';

/**
 * One step of a run: executed, settled (run-transitions.ts decides what follows), committed with
 * whatever it changes on the run, and only then applied to the run in memory and followed by the steps
 * it made ready. A write the store refuses leaves the run in memory as it was, and fails the run; a write
 * the store could not take at all (unreachable, read-only, full) lets the run wait for it (run-lifecycle.ts, park).
 */
export async function runStep(core: EngineCore, rs: RunState, nodeId: string, forced?: StepOutcome): Promise<void> {
  // After this worker's lease ran out here, nothing starts until a renewal says whether the run is still its own.
  const lapsed = core.leases.whenHeld();
  if (lapsed) await lapsed;
  if (core.stopping || rs.released) {
    rs.inFlight.delete(nodeId);
    return;
  }
  core.running++;
  const prev = rs.steps.get(nodeId);
  const attempt = prev?.status === 'waiting' ? prev.attempts : (prev?.attempts ?? 0) + 1;
  const startedAt = core.clock.now();
  let committed = false;
  try {
    // A delay that has come due passes its input on; an operator's decision arrives as `forced`.
    const outcome =
      forced ??
      (prev?.status === 'waiting'
        ? { ok: true as const, port: 'out', output: rs.inputOf(nodeId) }
        : await execute(core, rs, nodeId, attempt));
    // A step that finished after the lease ran out is committed only if the run is still this worker's.
    const doubt = core.leases.whenHeld();
    if (doubt) await doubt;
    if (
      rs.released ||
      (core.stopping && (doubt !== null || (!outcome.ok && outcome.error.code === ErrorCodes.aborted)))
    ) {
      // Interrupted by shutdown, or taken over: leave no row, so the worker that runs it next calls with the same key.
      rs.inFlight.delete(nodeId);
      return;
    }
    const settled = settle(core, rs, nodeId, attempt, startedAt, outcome, prev);
    const change = await core.store.write(async (tx) => {
      // Refused whole when another worker took the run over meanwhile (this one was taken for dead).
      await tx.runs.fence(rs.id, core.leases.workerId);
      return writeStep(core, tx, rs, settled);
    });
    committed = true;
    afterCommit(core, rs, settled, applyCommit(core, rs, settled, change));
  } catch (err) {
    if (committed)
      core.logger.error('run could not go on after a step', {
        ...runLogFields(rs, nodeId),
        error: (err as Error).message,
      });
    else {
      rs.dropSettled(nodeId);
      // Refused after this worker's lease ran out: the run may be another worker's by now.
      const doubt = core.leases.whenHeld();
      if (doubt) await doubt;
      if (rs.released) rs.inFlight.delete(nodeId);
      else if (unavailableFailure(err) || err instanceof RunTakenOver) {
        // Not the step's fault: the run waits for the store, and the step runs again then; or the run
        // is another worker's now.
        rs.inFlight.delete(nodeId);
        letGo(core, rs, err, `step "${nodeId}" could not be committed`);
      } else await failUncommitted(core, rs, nodeId, attempt, startedAt, err);
    }
  } finally {
    core.running--;
    if (core.running === 0 && core.onIdle) core.onIdle();
  }
}

/** Runs one attempt of a step: resolves its config, calls its node, and serialises what it returns. */
export function execute(core: EngineCore, rs: RunState, nodeId: string, attempt: number): Promise<StepOutcome> {
  if (rs.recorded) {
    const answered = answerRecorded(rs, nodeId);
    if (answered) return Promise.resolve(answered);
  }
  if (!core.tracer) return executeStep(core, rs, nodeId, attempt);
  return core.tracer.step(rs, nodeId, attempt, core.stepDeps.http, (http) =>
    executeStep(core, rs, nodeId, attempt, http),
  );
}

async function executeStep(
  core: EngineCore,
  rs: RunState,
  nodeId: string,
  attempt: number,
  http?: HttpClient,
): Promise<StepOutcome> {
  const pn = rs.plan.nodes.get(nodeId)!;
  let ctx: ReturnType<typeof createStepContext> | undefined;
  const contextFor = (signal: AbortSignal) => {
    ctx = createStepContext(core.stepDeps, rs, nodeId, attempt, signal, http);
    return ctx;
  };
  try {
    const input = rs.inputOf(nodeId);
    const config = await resolveConfig(pn.config, input, core.exprs, bindingsOf(rs));
    const result =
      pn.stepTimeoutMs === null
        ? await pn.descriptor.execute(contextFor(core.signal), input, config)
        : await withStepTimeout(core.clock, core.signal, pn.stepTimeoutMs, nodeId, (signal) =>
            pn.descriptor.execute(contextFor(signal), input, config),
          );
    // A test case does not wait out a delay: the step passes its input on at once, as a delay come due does.
    if (isWaiting(result) && rs.recorded && result.until !== undefined) return { ok: true, port: 'out', output: input };
    if (isWaiting(result))
      return { ok: 'wait', until: result.until, approval: result.approval, child: result.child, loop: result.loop };
    if (isRouted(result) && !pn.ports.outputs.includes(result.port))
      throw new WeftError(ErrorCodes.config, `node "${nodeId}" chose port "${result.port}", which it does not have`);
    const [port, output] = isRouted(result)
      ? [result.port, result.output]
      : ['out', result === undefined ? null : result];
    // Serialised here, so an output that cannot be stored fails the step like any other error.
    return { ok: true, port, output, stored: storeOutput(rs, output, nodeId, core.inlineCap), sentKey: ctx?.sent };
  } catch (err) {
    return { ok: false, error: toErrorShape(err), sentKey: ctx?.sent };
  }
}

/** A test case run's step of a kind that reaches outside: its recorded answer, on a port the node has; else null. */
function answerRecorded(rs: RunState, nodeId: string): StepOutcome | null {
  const pn = rs.plan.nodes.get(nodeId)!;
  if (pn.isTrigger || pn.descriptor.recorded !== true) return null;
  const answer = rs.recorded!.next(nodeId, pn.descriptor.type);
  if (answer.ok !== true || pn.ports.outputs.includes(answer.port)) return answer;
  const outputs = pn.ports.outputs.map((p) => `"${p}"`).join(', ');
  const message = `the recorded answer of step "${nodeId}" leaves by port "${answer.port}", which it does not have (${outputs})`;
  return { ok: false, error: { code: ErrorCodes.config, message, retryable: false } };
}

/** A settled step with the failure its run has once it is committed (this step's, or an earlier one's). */
export interface Settled extends SettledStep {
  failure: (WeftErrorShape & { nodeId: string }) | null;
}

/**
 * Settles a step's outcome: what it writes, what it makes ready, whether the run ends with it. The run
 * in memory takes the outcome only once it is committed (applyCommit); until then it is held as the
 * step's settlement, which other steps of the run settling meanwhile count on.
 */
export function settle(
  core: EngineCore,
  rs: RunState,
  nodeId: string,
  attempt: number,
  startedAt: number,
  outcome: StepOutcome,
  prev: StepRecord | undefined,
): Settled {
  const now = core.clock.now();
  const pn = rs.plan.nodes.get(nodeId)!;
  const { rec, effect } = transition({
    prev,
    outcome,
    attempt,
    retry: rs.recorded ? retryAtOnce(pn.retry) : pn.retry,
    routeErrors: pn.routeErrors,
    now,
    input: () => rs.inputOf(nodeId),
    random: core.random,
  });
  let output: StoredValue | null = null;
  const settlement: Settlement = { rec, ready: [], skipped: [], failure: null };
  if (effect.kind === 'pass') {
    settlement.value = effect.value;
    output = effect.stored ?? storeValue(rs, effect.value, nodeId, core.inlineCap);
  } else if (effect.kind === 'wait') output = storeValue(rs, effect.waitingFor, nodeId, core.inlineCap);
  else if (effect.kind === 'fail') settlement.failure = { ...effect.error, nodeId };
  const input = rs.inputNeedsStoring(nodeId) ? storeValue(rs, rs.inputOf(nodeId), nodeId, core.inlineCap) : null;
  rs.settling.set(nodeId, settlement);
  const failure = rs.failureSeen();
  if (effect.kind === 'pass' && !failure) Object.assign(settlement, rs.successorsOf(nodeId));
  return {
    nodeId,
    rec,
    output,
    input,
    ready: settlement.ready,
    finishing: rs.status === 'running' && settlement.ready.length === 0 && rs.settledBut(nodeId),
    startedAt,
    finishedAt: now,
    sentKey: outcome.ok === 'wait' ? null : (outcome.sentKey ?? null),
    failure,
  };
}

/**
 * Writes a settled step and what it changes on its run, inside a write (`tx`); returns that change.
 * `hold`: the steps made ready are not started right after this commit (poison.ts). While the run's end
 * is being written, the store tells whether that end came first in this transaction: then the step
 * changes nothing more. Reads the run in memory only before its first await, and changes nothing there.
 */
export async function writeStep(
  core: EngineCore,
  tx: StoreParts,
  rs: RunState,
  s: Settled,
  hold = core.stopping,
): Promise<RunChange | null> {
  const runs = tx.runs;
  const response = rs.response ? JSON.stringify(rs.response) : null;
  const newResponse = core.waiters.hasNewResponse(rs);
  const undoes = compensates(rs) && s.failure !== null && toCompensate(rs).length > 0;
  const stopped = rs.stopped || (rs.ending !== null && hasEnded(await runs.runStatus(rs.id)));
  if (hold && s.ready.length) await runs.holdSteps(rs.id, s.ready);
  if (s.output?.payload) await runs.insertPayload(rs.id, s.output.payload.hash, s.output.payload.data);
  if (s.input?.payload) await runs.insertPayload(rs.id, s.input.payload.hash, s.input.payload.data);
  await runs.upsertStep(stepRow(rs.id, s, stopped));
  const change = runChange(s, { stopped, failed: s.failure !== null, undoes: () => undoes, newResponse });
  if (!change) return null;
  if (change.waitingApproval) await runs.setStatus(rs.id, 'waiting_approval', s.finishedAt);
  if (change.end) {
    const error = s.failure ? JSON.stringify(s.failure) : null;
    await runs.finishRun(rs.id, change.end, error, response, s.finishedAt);
  } else if (change.response) await runs.setResponse(rs.id, response!, s.finishedAt);
  return change;
}

/** A settled step is committed: the run in memory takes its outcome. Returns whether the run's answer is new with it. */
export function applyCommit(core: EngineCore, rs: RunState, s: SettledStep, change: RunChange | null): boolean {
  core.stats.stepsCommitted++;
  core.observer?.stepCommitted({
    flowId: rs.plan.flowId,
    mode: rs.mode,
    kind: rs.plan.nodes.get(s.nodeId)?.descriptor.type ?? 'unknown',
    status: s.rec.status,
    ms: s.finishedAt - s.startedAt,
  });
  rs.commitSettled(s.nodeId);
  if (change?.end === 'compensating') rs.status = 'compensating';
  return core.waiters.commitResponse(rs);
}

/**
 * Carries out what follows a step's commit (run-transitions.ts, effectsAfterCommit). While the run's
 * end is being written it waits: nothing of it happens when that end is committed, all of it when not.
 */
export function afterCommit(core: EngineCore, rs: RunState, s: SettledStep, responded: boolean): void {
  if (rs.ending !== null) {
    rs.afterEnd.push(() => afterCommit(core, rs, s, responded));
    return;
  }
  const run = { stopped: rs.stopped, compensating: rs.status === 'compensating', responded };
  for (const effect of effectsAfterCommit(s, run)) {
    if (effect.do === 'compensate') void compensate(core, rs);
    else if (effect.do === 'wake' && rs.recorded && s.rec.status === 'retrying')
      // A test case's retry is due at once: it runs now, not when a timer fires (a test's clock may hold it).
      setImmediate(() => dispatchRetry(core, rs.id, s.nodeId));
    else if (effect.do === 'wake') core.scheduler.wake(effect.at);
    else if (effect.do === 'complete') complete(core, rs);
    else if (effect.do === 'answer') core.waiters.answer(rs);
    else if (effect.do === 'tell-if-paused') core.waiters.tellIfPaused(rs, core.clock.now());
    else if (effect.do === 'collect') void core.childFinished(effect.child);
    else if (effect.do === 'iterate') core.driveLoop(rs, s.nodeId, true);
    else for (const id of effect.nodeIds) void runStep(core, rs, id);
  }
}

/** The retry scheduler found a step due: it runs unless it is running already or no longer waits. */
export function dispatchRetry(core: EngineCore, runId: string, nodeId: string): void {
  if (core.stopping) return;
  const rs = core.active.get(runId);
  const step = rs?.steps.get(nodeId);
  if (
    !rs ||
    rs.ending !== null ||
    rs.stopped ||
    rs.inFlight.has(nodeId) ||
    !step ||
    !(step.status === 'retrying' || (step.status === 'waiting' && !step.approval))
  )
    return;
  rs.inFlight.add(nodeId);
  void runStep(core, rs, nodeId);
}

/** A step's result did not reach the store: the step and its run fail with the reason, so the run cannot stay running. */
async function failUncommitted(
  core: EngineCore,
  rs: RunState,
  nodeId: string,
  attempt: number,
  startedAt: number,
  err: unknown,
): Promise<void> {
  const error = { ...commitFailure(nodeId, err), nodeId };
  core.logger.error('step could not be committed; its run fails', {
    ...runLogFields(rs, nodeId),
    error: error.message,
  });
  // An answer the step set is not the run's: it was not committed.
  rs.response = core.waiters.committedResponse(rs);
  const row = failedStepRow(rs.id, nodeId, attempt, startedAt, error, core.clock.now());
  await terminate(core, rs, 'failed', error, undefined, row).catch((e: unknown) =>
    letGo(core, rs, e, 'failed run could not be recorded'),
  );
}
