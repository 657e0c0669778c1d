import type { NodeContext, HttpClient, NodeLogger } from '../../nodes/define-node.ts';
import type { RunState } from './run-state.ts';
import type { ExpressionCache, ExpressionBindings } from './expressions.ts';

export interface StepContextDeps {
  exprs: ExpressionCache;
  http: HttpClient;
  logger: NodeLogger;
}

export function bindingsOf(rs: RunState): ExpressionBindings {
  return { trigger: rs.event, steps: rs.outputs, run: rs.runInfo };
}

/** Builds the context one attempt of one step receives. */
export function createStepContext(deps: StepContextDeps, rs: RunState, nodeId: string, attempt: number, signal: AbortSignal): NodeContext {
  const bindings = bindingsOf(rs);
  const log = (level: keyof NodeLogger) => (msg: string, data?: Record<string, unknown>) =>
    deps.logger[level](msg, { runId: rs.id, nodeId, ...data });
  return {
    runId: rs.id,
    flowId: rs.plan.flowId,
    nodeId,
    attempt,
    idempotencyKey: `${rs.id}:${nodeId}`,
    signal,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    trigger: rs.event,
    evaluate: (expression, input) => deps.exprs.evaluate(expression, input, bindings),
    respond: (response) => {
      rs.response = { status: response.status, headers: response.headers, body: response.body };
    },
    http: deps.http,
  };
}
