import type { RecordedAnswer, Recording } from '../../shared/flow-tests.ts';
import type { RetryPolicy } from '../../shared/retry-policy.ts';
import type { StepOutcome } from './run-transitions.ts';

/** The code of a recorded step's failure when its test case has no (more) answers for it. */
export const NO_RECORDING = 'no_recording';

/**
 * The recorded answers of one test case run (runtime/flows/tests/). Every step of a node kind that reaches
 * outside (`recorded` on its descriptor) is answered from here instead of executing: a recorded output on
 * its port, or a recorded error the step fails with (so retries, the error route and the run's failure
 * follow as in a live run). A list answers the calls in order — each attempt, and each item of a loop,
 * whose body runs share this object with their run. A call with no answer fails with `no_recording`.
 */
export class RecordedAnswers {
  private readonly calls = new Map<string, number>();
  /** The calls that found no answer, as their failure says: the case fails with them however the flow went on. */
  readonly missed: string[] = [];

  constructor(
    readonly caseName: string,
    private readonly recordings: Readonly<Record<string, Recording>>,
  ) {}

  /** The answer to the next call of step `nodeId` (a node of kind `type`). */
  next(nodeId: string, type: string): StepOutcome {
    const recording = Object.hasOwn(this.recordings, nodeId) ? this.recordings[nodeId] : undefined;
    const call = this.calls.get(nodeId) ?? 0;
    this.calls.set(nodeId, call + 1);
    const answer = Array.isArray(recording) ? recording[call] : recording;
    if (answer === undefined) return { ok: false, error: this.missing(nodeId, type, recording, call) };
    return outcomeOf(answer);
  }

  private missing(nodeId: string, type: string, recording: Recording | undefined, call: number) {
    const message = Array.isArray(recording)
      ? `step "${nodeId}" (${type}) was called ${call + 1} times, but test case "${this.caseName}" records ${recording.length} answers for it; record the missing ones from a test run`
      : `step "${nodeId}" (${type}) has no recorded answer in test case "${this.caseName}"; record one from a test run`;
    this.missed.push(message);
    return { code: NO_RECORDING, message, retryable: false };
  }
}

function outcomeOf(answer: RecordedAnswer): StepOutcome {
  if ('error' in answer)
    return {
      ok: false,
      error: { code: answer.error.code, message: answer.error.message, retryable: answer.error.retryable ?? false },
    };
  return { ok: true, port: answer.port ?? 'out', output: answer.output === undefined ? null : answer.output };
}

/** In a test case, a retry is due at once: the case runs its attempts without waiting their backoff. */
export function retryAtOnce(policy: RetryPolicy): RetryPolicy {
  return { ...policy, initialDelayMs: 0, maxDelayMs: 0 };
}
