import type { FlowDefinition } from '../../shared/flow.ts';
import type { RunView } from '../../shared/run.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { validateFlow } from './validate-flow.ts';
import { runView } from '../engine/run-view.ts';
import type { Weft } from '../weft.ts';
import type { FlowPlan } from '../engine/plan.ts';

export interface TestRunRequest {
  input?: unknown;
  triggerNodeId?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** The plan of a draft that can run (its problems may remain, but none that keeps it from running); else invalid_flow. */
export function runnablePlan(weft: Pick<Weft, 'engine' | 'lookup'>, definition: FlowDefinition): FlowPlan {
  const blocking = validateFlow(definition, weft.lookup).filter((p) =>
    ['schema', 'unknown_type', 'dangling_edge', 'cycle', 'no_trigger', 'duplicate_id'].includes(p.code),
  );
  if (blocking.length)
    throw new WeftError(ErrorCodes.invalidFlow, `the draft cannot run: ${blocking[0].message}`, {
      details: { problems: blocking },
    });
  return weft.engine.planForDraft(definition);
}

/**
 * Runs a draft through the real engine (stored as a test run) and returns it with every step as soon as it
 * finishes or pauses (engine/pause.ts): a run waiting for an approval comes back `waiting_approval`, one
 * waiting for a long delay or retry `running`, each with the steps so far and the waiting step `waiting` or
 * `retrying`. The run goes on in the background; its page shows the rest.
 */
export async function testRun(
  weft: Weft,
  definition: FlowDefinition,
  req: TestRunRequest,
  timeoutMs = 120_000,
): Promise<RunView> {
  const plan = runnablePlan(weft, definition);
  const triggers = [...plan.nodes.values()].filter((n) => n.isTrigger);
  const trigger = req.triggerNodeId ? plan.nodes.get(req.triggerNodeId) : triggers[0];
  if (!trigger?.isTrigger)
    throw new WeftError(ErrorCodes.badRequest, `"${req.triggerNodeId}" is not a trigger node of this flow`);
  const { runId } = await weft.engine.startRun({
    plan,
    triggerNodeId: trigger.node.id,
    mode: 'test',
    event: { body: req.input ?? null, headers: req.headers ?? {}, query: req.query ?? {}, method: 'TEST' },
  });
  await weft.engine.waitFor(runId, timeoutMs, 'pause');
  const row = (await weft.store.runs.run(runId))!;
  return runView(row, true, weft.store.runs, {
    previewCap: weft.config.stepPayloadCap,
    version: (flowId, version) => weft.flows.version(flowId, version),
  });
}
