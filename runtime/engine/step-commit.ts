import { ErrorCodes, WeftError, toErrorShape, type WeftErrorShape } from '../../shared/errors.ts';
import { formatPath, mayNestDeeperThan, pathDeeperThan } from '../../shared/json-hazards.ts';
import type { NewStep } from '../store/run-store.ts';
import type { RunState } from './run-state.ts';
import { storeValue, type StoredValue } from './payloads.ts';

/**
 * The deepest nesting a step's output may have. Serialising (to store it, to show it) recurses once
 * per level and overflows the stack a few thousand levels down; real data stays far above this.
 */
export const MAX_STORED_DEPTH = 1000;

/**
 * A step's output as it will be stored. Throws `unstorable_output` (not retryable) when it cannot be:
 * nested deeper than MAX_STORED_DEPTH, or not JSON at all (a BigInt, a cycle). The depth is looked at
 * only when the serialised text has more brackets than the limit, so most outputs cost one quick scan.
 */
export function storeOutput(rs: RunState, value: unknown, nodeId: string, inlineCap: number): StoredValue {
  let stored: StoredValue;
  try {
    stored = storeValue(rs, value, nodeId, inlineCap);
  } catch (err) {
    throw unstorable(
      nodeId,
      err instanceof RangeError ? (tooDeep(value) ?? 'it nests too deep to serialise') : (err as Error).message,
    );
  }
  const why = mayNestDeeperThan(stored.payload?.data ?? stored.text, MAX_STORED_DEPTH) ? tooDeep(value) : null;
  if (why) throw unstorable(nodeId, why);
  return stored;
}

function tooDeep(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || !deeper(value, MAX_STORED_DEPTH)) return null;
  return `it nests deeper than ${MAX_STORED_DEPTH} levels (at ${formatPath(pathDeeperThan(value, MAX_STORED_DEPTH) ?? [], 120)})`;
}

/** True when `v` nests more than `levels` levels deep. Keeps no path, so a large output costs a fraction of serialising it. */
function deeper(v: object, levels: number): boolean {
  if (levels === 0) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x !== null && typeof x === 'object' && deeper(x, levels - 1)) return true;
    }
  } else
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && typeof x === 'object' && deeper(x, levels - 1)) return true;
    }
  return false;
}

function unstorable(nodeId: string, why: string): WeftError {
  return new WeftError(ErrorCodes.unstorableOutput, `the output of step "${nodeId}" cannot be stored: ${why}`, {
    retryable: false,
  });
}

/**
 * Why a step's result did not reach the store, as an error that can itself be stored (plain text, no
 * details): `unstorable_output` when it could not be serialised, `commit_failed` when the store refused it.
 */
export function commitFailure(nodeId: string, err: unknown): WeftErrorShape {
  const e = toErrorShape(err);
  if (e.code === ErrorCodes.unstorableOutput) return { code: e.code, message: e.message, retryable: false };
  if (err instanceof RangeError)
    return {
      code: ErrorCodes.unstorableOutput,
      message: `the result of step "${nodeId}" cannot be stored: it nests too deep to serialise`,
      retryable: false,
    };
  return {
    code: ErrorCodes.commitFailed,
    message: `the result of step "${nodeId}" could not be committed: ${e.message.slice(0, 500)}`,
    retryable: false,
  };
}

/** The row of a step failed with `error` (its result was not committed). */
export function failedStepRow(
  runId: string,
  nodeId: string,
  attempts: number,
  startedAt: number,
  error: WeftErrorShape,
  now: number,
): NewStep {
  return {
    runId,
    nodeId,
    status: 'failed',
    port: null,
    attempts,
    input: null,
    output: null,
    error: JSON.stringify(error),
    attemptErrors: null,
    startedAt,
    finishedAt: now,
    nextAttemptAt: null,
  };
}
