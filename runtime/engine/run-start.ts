import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import { stripLeadingEquals } from '../../shared/expression-string.ts';
import { VARIABLE_NAME, VARIABLE_NAME_RULE } from '../../shared/variables.ts';
import { businessKeyOf } from './business-key.ts';
import type { EngineCore } from './engine-core.ts';
import { newId } from './ids.ts';
import type { FlowPlan } from './plan.ts';
import { releaseHeld } from './run-lifecycle.ts';
import { RunState, type TriggerEvent } from './run-state.ts';
import { bindingsOf } from './step-context.ts';
import { runLogFields } from './log-fields.ts';
import { keyOfLoopItem } from './loop-items.ts';
import type { RecordedAnswers } from './recorded-answers.ts';
import { afterCommit, applyCommit, execute, settle, writeStep } from './step-runner.ts';

export interface StartRunRequest {
  plan: FlowPlan;
  triggerNodeId: string;
  event: TriggerEvent;
  /** The body as the JSON bytes received; stored as it is instead of being serialised again. */
  rawBody?: Buffer;
  mode?: 'live' | 'test';
  dedupeKey?: string | null;
  correlationId?: string | null;
  /** A sub-flow run: the run and node of the control.call step that started it. */
  parent?: { runId: string; nodeId: string };
  /** Replaying this earlier run: its connector steps send that run's idempotency keys, so nothing it did happens twice. */
  replayOf?: string;
  /** The W3C traceparent the event came with: the run's span is a child of that trace (with tracing on). */
  traceparent?: string | null;
  /** The run's id when it follows from its parent (a loop's body run, loop-items.ts); else a new one. */
  runId?: string;
  /** What $trigger is in the run's expressions, when not its own event: a loop's body run sees its run's trigger. */
  triggerBinding?: unknown;
  /**
   * Variables over the installation's for this run's `$env` (a flow test case's values). Kept with the run in
   * memory, never stored: a run taken up again after a restart reads the installation's alone.
   */
  env?: Readonly<Record<string, string>>;
  /** A test case run (mode "test"): steps that reach outside are answered from these recordings, never executed. */
  recordings?: RecordedAnswers;
}

/**
 * Accepts a trigger event durably: the trigger step executes, and the run row, its step row and the
 * dedupe key are one write. Returns the new run's id, or the earlier run's id for a duplicate.
 */
export async function startRun(core: EngineCore, req: StartRunRequest): Promise<{ runId: string; duplicate: boolean }> {
  if (core.stopping) throw new WeftError('shutting_down', 'the runtime is shutting down', { retryable: true });
  const now = core.clock.now();
  const runId = req.runId ?? newId('run', now);
  const mode = req.mode ?? 'live';
  const rs = new RunState(runId, req.plan, mode, req.triggerNodeId, req.event, req.correlationId ?? null, now);
  rs.parentRunId = req.parent?.runId ?? null;
  if (req.recordings && mode !== 'test')
    throw new WeftError(ErrorCodes.badRequest, 'only a test run can answer steps from recordings');
  if (req.recordings) rs.recorded = req.recordings;
  if (req.replayOf) rs.keyBase = (await core.store.runs.run(req.replayOf))?.replayOf ?? req.replayOf;
  keyOfLoopItem(rs);
  if (req.triggerBinding !== undefined) rs.bindings.trigger = req.triggerBinding;
  if (req.env) rs.bindings.env = checkedEnv(req.env);
  // A loop's body run belongs to its parent run: no ordering or business key of its own.
  const body = req.plan.loopId !== null;
  rs.orderKey = body ? null : await orderKeyOf(core, rs);
  const business = body ? { key: null, error: null } : await businessKeyOf(core, rs);
  rs.trace = core.tracer?.runStarted(rs, business.key, req.traceparent ?? null, req.parent ?? null) ?? null;
  const outcome = await execute(core, rs, req.triggerNodeId, 1);
  const stored = settle(core, rs, req.triggerNodeId, 1, now, outcome, undefined);
  const eventText = req.rawBody ? JSON.stringify({ ...req.event, body: null }) : JSON.stringify(req.event);
  const definition = rs.mode === 'test' ? JSON.stringify(req.plan.definition) : null;
  const mayWait = core.admission.mayWait(rs);
  const written = await core.store
    .write(async (tx) => {
      if (req.dedupeKey) {
        const prior = await tx.runs.dedupeHolder(req.plan.flowId, req.dedupeKey);
        if (prior) return prior;
      }
      await tx.runs.insertRun({
        id: runId,
        flowId: req.plan.flowId,
        version: req.plan.version,
        mode: rs.mode,
        status: 'running',
        triggerNode: req.triggerNodeId,
        trigger: eventText,
        triggerBody: req.rawBody ?? null,
        definition,
        correlationId: rs.correlationId,
        dedupeKey: req.dedupeKey ?? null,
        error: null,
        response: null,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
        replayOf: req.replayOf ?? null,
        parentRunId: req.parent?.runId ?? null,
        parentNodeId: req.parent?.nodeId ?? null,
        owner: core.leases.workerId,
        orderKey: rs.orderKey,
        businessKey: business.key,
        businessKeyError: business.error,
        traceId: rs.trace?.traceId ?? null,
        traceSpanId: rs.trace?.spanId ?? null,
      });
      if (req.dedupeKey) {
        // Another process claimed the key since it was looked up: this run's row goes with the thrown write.
        const holder = await tx.runs.claimDedupe(req.plan.flowId, req.dedupeKey, runId, now);
        if (holder) throw new DuplicateTrigger(holder);
      }
      return { change: await writeStep(core, tx, rs, stored, mayWait || core.stopping) };
    })
    .catch((err: unknown) => {
      if (err instanceof DuplicateTrigger) return err.runId;
      core.tracer?.runEnded(rs, 'not_accepted');
      throw err;
    });
  if (typeof written === 'string') {
    core.tracer?.runEnded(rs, 'duplicate');
    return { runId: written, duplicate: true };
  }
  core.stats.runsStarted++;
  const responded = applyCommit(core, rs, stored, written.change);
  core.active.set(runId, rs);
  core.deadlines.arm(rs);
  core.admission.admit(rs, () =>
    mayWait
      ? void releaseHeld(core, rs, stored.ready).then(() => afterCommit(core, rs, stored, responded))
      : afterCommit(core, rs, stored, responded),
  );
  return { runId, duplicate: false };
}

/** A run's own variables: UPPER_SNAKE names with text values, as the installation's are. */
function checkedEnv(env: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  for (const [name, value] of Object.entries(env)) {
    if (!VARIABLE_NAME.test(name))
      throw new WeftError(ErrorCodes.badRequest, `env: "${name}" is not a variable name; ${VARIABLE_NAME_RULE}`);
    if (typeof value !== 'string')
      throw new WeftError(ErrorCodes.badRequest, `env.${name}: a variable's value is text, not ${typeof value}`);
  }
  return Object.freeze({ ...env });
}

/** A trigger event whose dedupe key another run got first: its write is undone. */
class DuplicateTrigger extends Error {
  constructor(readonly runId: string) {
    super(`duplicate of ${runId}`);
  }
}

/** The run's ordering key from the flow's orderingKey expression over the trigger body; null when unset or empty. */
async function orderKeyOf(core: EngineCore, rs: RunState): Promise<string | null> {
  const source = rs.mode === 'live' ? rs.plan.definition.settings?.orderingKey : undefined;
  if (!source) return null;
  try {
    const v = await core.exprs.evaluate(stripLeadingEquals(source), rs.event.body, bindingsOf(rs));
    return v === null || v === undefined || v === '' ? null : typeof v === 'string' ? v : JSON.stringify(v);
  } catch (err) {
    core.logger.warn('ordering key could not be computed; the run is not ordered', {
      ...runLogFields(rs),
      error: (err as Error).message,
    });
    return null;
  }
}
