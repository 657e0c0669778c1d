import { describe, expect, it } from 'vitest';
import type { RunView, StepView } from '../api/types.ts';
import { pauseOf } from './run-pause.ts';

const step = (nodeId: string, status: StepView['status'], extra: Partial<StepView> = {}): StepView => ({
  nodeId,
  status,
  port: null,
  attempts: 1,
  input: null,
  output: null,
  error: null,
  attemptErrors: [],
  startedAt: 1,
  finishedAt: 1,
  nextAttemptAt: null,
  idempotencyKey: `r:${nodeId}`,
  sentKey: null,
  ...extra,
});
const run = (status: RunView['status'], steps: StepView[], finishedAt: number | null = null) =>
  ({
    id: 'run_1',
    flowId: 'f',
    version: null,
    mode: 'test',
    status,
    trigger: {},
    correlationId: null,
    dedupeKey: null,
    error: null,
    response: null,
    createdAt: 0,
    finishedAt,
    replayOf: null,
    parentRunId: null,
    steps,
  }) as RunView;
const time = (ms: number) => `t${ms}`;

describe('pauseOf', () => {
  it('says which step waits for an approval, with its prompt', () => {
    const r = run('waiting_approval', [
      step('in', 'succeeded'),
      step('ask', 'waiting', { output: { approval: { prompt: 'Post it?' } } }),
    ]);
    expect(pauseOf(r, time)).toEqual({
      nodeId: 'ask',
      text: 'waiting for approval (“Post it?”): open the run to approve or reject it',
    });
  });

  it('says until when a delay or a retry waits', () => {
    expect(
      pauseOf(run('running', [step('wait', 'waiting', { output: { until: 5000 }, nextAttemptAt: 5000 })]), time),
    ).toEqual({ nodeId: 'wait', text: 'waiting until t5000' });
    const retry = step('call', 'retrying', {
      nextAttemptAt: 9000,
      error: { code: 'http_server_error', message: 'ERP answered 503', retryable: true },
    });
    expect(pauseOf(run('running', [retry]), time)!.text).toBe(
      'waiting to try again until t9000 after: ERP answered 503',
    );
  });

  it('is null for a finished run', () => {
    expect(pauseOf(run('succeeded', [step('in', 'succeeded')], 10), time)).toBeNull();
  });
});
