import { describe, expect, it } from 'vitest';
import { ErrorCodes, type WeftErrorShape } from '../../shared/errors.ts';
import type { RetryPolicy } from '../../shared/retry-policy.ts';
import type { StepRecord } from './run-state.ts';
import {
  CIRCUIT_WAIT_MS,
  effectsAfterCommit,
  MAX_RETRY_DELAY_MS,
  runChange,
  type SettledStep,
  type StepOutcome,
  stepRow,
  type TransitionInput,
  transition,
} from './run-transitions.ts';

const NOW = 1_000_000;
const policy: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1000, factor: 2, maxDelayMs: 30_000, jitter: 0 };
const busy: WeftErrorShape = { code: 'http_503', message: 'busy', retryable: true };
const refused: WeftErrorShape = { code: 'http_400', message: 'bad request', retryable: false };

const step = (outcome: StepOutcome, more: Partial<TransitionInput> = {}) =>
  transition({
    prev: undefined,
    outcome,
    attempt: 1,
    retry: policy,
    routeErrors: false,
    now: NOW,
    input: () => ({ id: 'IN-1' }),
    ...more,
  });

const record = (r: Partial<StepRecord> & Pick<StepRecord, 'status'>): StepRecord => ({
  port: null,
  attempts: 1,
  attemptErrors: [],
  error: null,
  nextAttemptAt: null,
  ...r,
});

const settled = (rec: StepRecord, more: Partial<SettledStep> = {}): SettledStep => ({
  nodeId: 'erp',
  rec,
  output: null,
  input: null,
  ready: [],
  finishing: false,
  startedAt: NOW - 50,
  finishedAt: NOW,
  sentKey: null,
  ...more,
});

describe('run transitions: one attempt of a step', () => {
  it('a success records the port and passes the output on, keeping earlier attempt errors and an edited input', () => {
    const prev = record({ status: 'retrying', attemptErrors: [busy], error: busy, inputOverride: { id: 'EDIT' } });
    const t = step({ ok: true, port: 'valid', output: { ok: 1 } }, { prev, attempt: 2 });
    expect(t.rec).toMatchObject({
      status: 'succeeded',
      port: 'valid',
      attempts: 2,
      attemptErrors: [busy],
      error: null,
      nextAttemptAt: null,
      inputOverride: { id: 'EDIT' },
    });
    expect(t.effect).toEqual({ kind: 'pass', value: { ok: 1 }, stored: undefined });
  });

  it('a wait waits until its time, at once without one, and without a time for an approval or a sub-flow run', () => {
    const later = step({ ok: 'wait', until: NOW + 60_000 });
    expect(later.rec).toMatchObject({ status: 'waiting', nextAttemptAt: NOW + 60_000 });
    expect(later.effect).toEqual({ kind: 'wait', waitingFor: { until: NOW + 60_000 } });
    expect(step({ ok: 'wait' }).rec.nextAttemptAt).toBe(NOW);

    const ask = step({ ok: 'wait', approval: { prompt: 'Post?' } });
    expect(ask.rec).toMatchObject({ status: 'waiting', nextAttemptAt: null, approval: { prompt: 'Post?' } });
    expect(ask.effect).toEqual({ kind: 'wait', waitingFor: { approval: { prompt: 'Post?' } } });

    const call = step({ ok: 'wait', child: 'run_child' });
    expect(call.rec).toMatchObject({ status: 'waiting', nextAttemptAt: null, child: 'run_child' });
    expect(call.effect).toEqual({ kind: 'wait', waitingFor: { child: 'run_child' } });
  });

  it('a retryable failure waits for the backoff of its policy, or longer when the downstream asks, at most an hour', () => {
    const first = step({ ok: false, error: busy });
    expect(first.rec).toMatchObject({
      status: 'retrying',
      attempts: 1,
      attemptErrors: [busy],
      error: busy,
      nextAttemptAt: NOW + 1000,
    });
    expect(first.effect).toEqual({ kind: 'retry' });
    expect(step({ ok: false, error: busy }, { prev: first.rec, attempt: 2 }).rec).toMatchObject({
      attempts: 2,
      attemptErrors: [busy, busy],
      nextAttemptAt: NOW + 2000,
    });
    expect(step({ ok: false, error: { ...busy, retryAfterMs: 7000 } }).rec.nextAttemptAt).toBe(NOW + 7000);
    expect(step({ ok: false, error: { ...busy, retryAfterMs: 10 * MAX_RETRY_DELAY_MS } }).rec.nextAttemptAt).toBe(
      NOW + MAX_RETRY_DELAY_MS,
    );
  });

  it('draws the jitter of the delay from the random source it is given', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(step({ ok: false, error: busy }, { retry: jittered, random: () => 0 }).rec.nextAttemptAt).toBe(NOW + 500);
    expect(step({ ok: false, error: busy }, { retry: jittered, random: () => 1 }).rec.nextAttemptAt).toBe(NOW + 1000);
  });

  it('fails the step, and with it the run, after its last attempt or at once when the error is not retryable', () => {
    const last = step({ ok: false, error: busy }, { attempt: 3 });
    expect(last.rec).toMatchObject({ status: 'failed', attempts: 3, error: busy, nextAttemptAt: null });
    expect(last.effect).toEqual({ kind: 'fail', error: busy });
    expect(step({ ok: false, error: refused }).effect).toEqual({ kind: 'fail', error: refused });
  });

  it('an open circuit holds the step without using up an attempt', () => {
    const open = { code: ErrorCodes.circuitOpen, message: 'circuit open', retryable: true };
    const held = step({ ok: false, error: { ...open, retryAfterMs: 30_000 } }, { attempt: 3 });
    expect(held.rec).toMatchObject({ status: 'retrying', attempts: 2, attemptErrors: [], nextAttemptAt: NOW + 30_000 });
    expect(held.effect).toEqual({ kind: 'retry' });
    expect(step({ ok: false, error: open }).rec.nextAttemptAt).toBe(NOW + CIRCUIT_WAIT_MS);
  });

  it('a node that routes its errors leaves by the error port with the error and its input instead of failing', () => {
    let asked = 0;
    const input = () => {
      asked++;
      return { id: 'IN-1' };
    };
    expect(step({ ok: false, error: busy }, { routeErrors: true, input }).rec.status).toBe('retrying');
    expect(asked, 'the input is read only for a routed error').toBe(0);
    const routed = step({ ok: false, error: refused }, { routeErrors: true, input });
    expect(routed.rec).toMatchObject({ status: 'succeeded', port: 'error', error: refused });
    expect(routed.effect).toEqual({ kind: 'pass', value: { error: refused, input: { id: 'IN-1' } } });
  });
});

describe('run transitions: what a settled step writes', () => {
  const retrying = record({ status: 'retrying', error: busy, attemptErrors: [busy], nextAttemptAt: NOW + 1000 });

  it('a step waiting for a retry has no finish time; in a stopped run it is recorded failed instead', () => {
    const s = settled(retrying, { sentKey: 'run_1:erp' });
    expect(stepRow('run_1', s, false)).toMatchObject({
      runId: 'run_1',
      nodeId: 'erp',
      status: 'retrying',
      attempts: 1,
      error: JSON.stringify(busy),
      attemptErrors: JSON.stringify([busy]),
      startedAt: NOW - 50,
      finishedAt: null,
      nextAttemptAt: NOW + 1000,
      sentKey: 'run_1:erp',
    });
    expect(stepRow('run_1', s, true)).toMatchObject({ status: 'failed', finishedAt: NOW, nextAttemptAt: null });
  });

  it('the last step ends the run: succeeded, failed, or compensating when the failed run has calls to undo', () => {
    const done = { rec: record({ status: 'succeeded', port: 'out' }), finishing: true };
    const run = { stopped: false, failed: false, undoes: () => true, newResponse: true };
    expect(runChange(done, run)).toEqual({ waitingApproval: false, end: 'succeeded', response: false });
    expect(runChange(done, { ...run, failed: true })?.end).toBe('compensating');
    expect(runChange(done, { ...run, failed: true, undoes: () => false })?.end).toBe('failed');
    expect(runChange(done, { ...run, stopped: true }), 'a stopped run keeps its row').toBeNull();
  });

  it('an unfinished run records a new answer and a wait for approval', () => {
    const run = { stopped: false, failed: false, undoes: () => false, newResponse: true };
    const ask = record({ status: 'waiting', approval: { prompt: 'Post?' } });
    expect(runChange({ rec: ask, finishing: false }, run)).toEqual({
      waitingApproval: true,
      end: null,
      response: true,
    });
    const after = runChange({ rec: record({ status: 'succeeded' }), finishing: false }, { ...run, newResponse: false });
    expect(after).toEqual({ waitingApproval: false, end: null, response: false });
  });
});

describe('run transitions: after the commit', () => {
  const live = { stopped: false, compensating: false, responded: false };

  it('starts the successors made ready, after telling callers of an answer and of a pause', () => {
    const s = settled(record({ status: 'succeeded', port: 'out' }), { ready: ['a', 'b'] });
    expect(effectsAfterCommit(s, { ...live, responded: true })).toEqual([
      { do: 'answer' },
      { do: 'tell-if-paused' },
      { do: 'start', nodeIds: ['a', 'b'] },
    ]);
  });

  it('wakes the scheduler for a retry or a timed wait, not for an approval', () => {
    const retrying = settled(record({ status: 'retrying', nextAttemptAt: NOW + 1000 }));
    expect(effectsAfterCommit(retrying, live)).toEqual([{ do: 'wake', at: NOW + 1000 }, { do: 'tell-if-paused' }]);
    const delay = settled(record({ status: 'waiting', nextAttemptAt: NOW + 5000 }));
    expect(effectsAfterCommit(delay, live)[0]).toEqual({ do: 'wake', at: NOW + 5000 });
    const ask = settled(record({ status: 'waiting', approval: { prompt: 'Post?' } }));
    expect(effectsAfterCommit(ask, live)).toEqual([{ do: 'tell-if-paused' }]);
  });

  it('completes a finishing run, undoes the calls of a compensating one, and does nothing for a stopped one', () => {
    const last = settled(record({ status: 'succeeded', port: 'out' }), { finishing: true });
    expect(effectsAfterCommit(last, { ...live, responded: true })).toEqual([{ do: 'complete' }]);
    expect(effectsAfterCommit(last, { ...live, compensating: true })).toEqual([{ do: 'compensate' }]);
    expect(effectsAfterCommit(last, { ...live, stopped: true })).toEqual([]);
  });
});
