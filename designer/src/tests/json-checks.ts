import type { z } from 'zod';
import { recordedErrorSchema, recordedOutputSchema, stepExpectationSchema } from '../../../shared/flow-tests.ts';

/** Why `value` does not fit `schema`, as one sentence naming where (null when it fits). */
export function schemaProblem(schema: z.ZodType, value: unknown, hint?: string): string | null {
  const r = schema.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? `at ${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}${hint ? ` (${hint})` : ''}`;
}

const ANSWER_HINT = 'an answer is {"output": …} or {"error": {"code": "…", "message": "…"}}, or a list of them';

/** A recording must be an answer, or a list of answers in call order. */
export function recordingProblem(value: unknown): string | null {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return `an empty list gives no answer; ${ANSWER_HINT}`;
  for (const [i, answer] of list.entries()) {
    const which = Array.isArray(value) ? `answer ${i + 1}: ` : '';
    const isObject = answer !== null && typeof answer === 'object' && !Array.isArray(answer);
    if (!isObject || !('output' in answer || 'error' in answer)) return `${which}${ANSWER_HINT}`;
    const problem = schemaProblem('error' in answer ? recordedErrorSchema : recordedOutputSchema, answer, ANSWER_HINT);
    if (problem) return `${which}${problem}`;
  }
  return null;
}

export function stepExpectationProblem(value: unknown): string | null {
  return schemaProblem(
    stepExpectationSchema,
    value,
    'fields: status, port, output, error: {"code": …}; fields left out are not compared',
  );
}

/** A webhook answer status: empty (not compared) or a whole number from 100 to 599. */
export function statusProblem(text: string): string | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 100 && n <= 599 ? null : 'An HTTP status is a whole number from 100 to 599.';
}
