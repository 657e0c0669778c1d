import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { EvaluateResult } from '../api/types.ts';

export interface ExpressionBindings {
  trigger?: unknown;
  steps?: Record<string, unknown>;
}

export type Evaluation =
  | { kind: 'result'; expression: string; result: unknown }
  | { kind: 'error'; expression: string; code: string; message: string; position?: number }
  /** The runtime could not be asked (unreachable, request rejected). */
  | { kind: 'unavailable'; expression: string; message: string };

export interface EvaluationState {
  /** The answer for the current expression, or the last one while a newer one is on its way. */
  evaluation: Evaluation | null;
  pending: boolean;
}

/** Identity-independent key, so callers passing equal fresh objects do not re-evaluate. */
function contentKey(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return `unserialisable:${Math.random()}`;
  }
}

async function evaluate(
  expression: string,
  input: unknown,
  bindings: ExpressionBindings | undefined,
): Promise<Evaluation> {
  try {
    const r = await api.post<EvaluateResult>('/api/expressions/evaluate', { expression, input, bindings });
    return r.ok ? { kind: 'result', expression, result: r.result } : { kind: 'error', expression, ...r.error };
  } catch (err) {
    const message = err instanceof ApiError || err instanceof Error ? err.message : String(err);
    return { kind: 'unavailable', expression, message };
  }
}

/**
 * Evaluates an expression on the runtime after the text has been still for `delay` ms.
 * Answers to superseded requests are dropped, so the state always matches the latest text.
 */
export function useEvaluation(
  expression: string,
  input: unknown,
  bindings: ExpressionBindings | undefined,
  enabled = true,
  delay = 250,
): EvaluationState {
  const [state, setState] = useState<EvaluationState>({ evaluation: null, pending: false });
  const latest = useRef({ input, bindings });
  const generation = useRef(0);
  const inputKey = useMemo(() => contentKey(input), [input]);
  const bindingsKey = useMemo(() => contentKey(bindings), [bindings]);

  useLayoutEffect(() => {
    latest.current = { input, bindings };
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: input and bindings are compared by content (their keys), not by identity
  useEffect(() => {
    const id = ++generation.current;
    if (!enabled || expression.trim() === '') {
      setState({ evaluation: null, pending: false });
      return;
    }
    setState((s) => (s.pending ? s : { ...s, pending: true }));
    const timer = setTimeout(() => {
      void evaluate(expression, latest.current.input, latest.current.bindings).then((evaluation) => {
        if (id === generation.current) setState({ evaluation, pending: false });
      });
    }, delay);
    return () => {
      clearTimeout(timer);
      generation.current++;
    };
  }, [expression, inputKey, bindingsKey, enabled, delay]);

  return state;
}
