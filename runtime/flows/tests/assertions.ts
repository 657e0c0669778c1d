import type { TestDifference } from '../../../shared/flow-tests.ts';
import type { ExpressionBindings, ExpressionCache } from '../../engine/expressions.ts';

/**
 * What a case's assertions see, bound as in the flow's own expressions: `$trigger` (the run's trigger event:
 * `$trigger.body` is the case's input), `$steps` (outputs by node id), and `$env` (the installation's
 * variables with `env`, the case's own, over them); besides, `$response` (the answer to the caller).
 */
export interface AssertionScope {
  /** The case's input: `$` in an assertion. */
  input: unknown;
  trigger: unknown;
  steps: Record<string, unknown>;
  response: unknown;
  env: Record<string, string>;
}

/**
 * Evaluates each assertion (a JSONata expression, `$` being the case's input) with the run's engine limits.
 * One that is not `true` is a difference at `assertions[i]`; one that cannot be evaluated is a difference
 * with JSONata's message and the position in the expression where it stopped.
 */
export async function checkAssertions(
  exprs: ExpressionCache,
  assertions: readonly string[],
  scope: AssertionScope,
): Promise<TestDifference[]> {
  const out: TestDifference[] = [];
  const { input, ...named } = scope;
  const bindings = named as ExpressionBindings;
  for (const [i, expression] of assertions.entries()) {
    const path = `assertions[${i}]`;
    try {
      const value = await exprs.evaluate(expression, input, bindings);
      if (value !== true)
        out.push({ path, expected: true, actual: value, message: `${expression} is ${JSON.stringify(value)}` });
    } catch (err) {
      out.push({ path, expected: true, actual: null, message: `${expression}: ${problemOf(err)}` });
    }
  }
  return out;
}

function problemOf(err: unknown): string {
  const e = err as { message?: string; details?: { message?: string; position?: number } };
  const message = e.message ?? String(err);
  return typeof e.details?.position === 'number' ? `${message} (at position ${e.details.position})` : message;
}
