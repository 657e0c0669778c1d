import type { FlowDefinition } from '../../shared/flow.ts';
import type { Operation } from '../../shared/openapi/operation.ts';
import { canonicalJson } from '../flows/canonical-json.ts';

export const OPERATION_NODE_TYPE = 'connector.http.operation';

/** A step whose operation a new document changes or drops. */
export interface ImpactedStep {
  flowId: string;
  /** The published version, or "draft". */
  version: number | 'draft';
  nodeId: string;
  operation: string;
  change: 'removed' | 'changed';
  /** What changed: "method", "path", "parameters", "body schema". */
  what: string[];
}

function differences(a: Operation, b: Operation): string[] {
  const out: string[] = [];
  if (a.method !== b.method) out.push('method');
  if (a.path !== b.path) out.push('path');
  if (canonicalJson(a.parameters) !== canonicalJson(b.parameters)) out.push('parameters');
  if (canonicalJson(a.requestBody ?? null) !== canonicalJson(b.requestBody ?? null)) out.push('body schema');
  return out;
}

/** The operation steps of `definition` on `connection` whose operation is not the same in `after`. */
export function impactOn(
  definition: FlowDefinition,
  where: { flowId: string; version: number | 'draft' },
  connection: string,
  before: Operation[],
  after: Operation[],
): ImpactedStep[] {
  const out: ImpactedStep[] = [];
  for (const n of definition.nodes) {
    if (n.type !== OPERATION_NODE_TYPE || n.config.connection !== connection) continue;
    const id = n.config.operation;
    if (typeof id !== 'string') continue;
    const next = after.find((o) => o.operationId === id);
    const prev = before.find((o) => o.operationId === id);
    if (!next) out.push({ ...where, nodeId: n.id, operation: id, change: 'removed', what: [] });
    else if (prev) {
      const what = differences(prev, next);
      if (what.length) out.push({ ...where, nodeId: n.id, operation: id, change: 'changed', what });
    }
  }
  return out;
}
