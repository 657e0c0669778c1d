import type { CheckEnv } from '../../nodes/define-node.ts';
import { envReferences } from '../../shared/env-references.ts';
import type { FlowProblem } from '../../shared/problems.ts';

/** What the static check knows of the installation: its connections and, here, its environment variables. */
export interface FlowCheckEnv extends CheckEnv {
  /** Whether the installation has a variable of this name; without it, uses of `$env` are not checked. */
  variable?(name: string): boolean;
}

/** One expression of a flow: the node it is in (none for the flow's settings) and its path there. */
export interface FlowExpression {
  nodeId?: string;
  path: string;
  source: string;
}

/**
 * A warning for each `$env.NAME` an expression reads that the installation lacks. Not an error: a flow file
 * may come before its installation's variables (an import, an example), as it may before its connections.
 */
export function variableProblems(
  expressions: readonly FlowExpression[],
  variable: ((name: string) => boolean) | undefined,
): FlowProblem[] {
  if (!variable) return [];
  const out: FlowProblem[] = [];
  for (const e of expressions)
    for (const ref of envReferences(e.source))
      if (!variable(ref.name))
        out.push({
          severity: 'warning',
          code: 'unknown_variable',
          message: `$env.${ref.name}: this installation has no variable ${ref.name}; an admin adds it under Variables`,
          ...(e.nodeId === undefined ? {} : { nodeId: e.nodeId }),
          path: e.path,
          ...(ref.position === undefined ? {} : { position: ref.position }),
        });
  return out;
}
