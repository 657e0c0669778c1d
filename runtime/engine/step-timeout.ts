import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { Clock } from './clock.ts';

/** Runs one attempt with a time limit: past it the attempt's signal is aborted and it fails with step_timeout (retryable). */
export function withStepTimeout<T>(
  clock: Clock,
  parent: AbortSignal,
  ms: number,
  nodeId: string,
  attempt: (signal: AbortSignal) => Promise<T> | T,
): Promise<T> {
  const own = new AbortController();
  const signal = AbortSignal.any([parent, own.signal]);
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimer(() => {
      own.abort();
      reject(
        new WeftError(ErrorCodes.stepTimeout, `step "${nodeId}" took longer than its ${ms} ms limit`, {
          retryable: true,
        }),
      );
    }, ms);
    Promise.resolve()
      .then(() => attempt(signal))
      .then(resolve, reject)
      .finally(() => clock.clearTimer(timer));
  });
}
