import { describe, expect, it } from 'vitest';
import {
  backlogOver,
  duration,
  failureRates,
  inScope,
  judgeRun,
  openCircuits,
  silentFlows,
  type EndedRun,
} from './conditions.ts';
import { flowContext, type FlowContext } from './flow-context.ts';

const flow = (id: string, settings: Record<string, unknown> = {}): FlowContext =>
  flowContext({ id, name: `Flow ${id}`, settings });

const ended = (over: Partial<EndedRun> = {}): EndedRun => ({
  runId: 'run_1',
  status: 'failed',
  createdAt: 1000,
  finishedAt: 5000,
  error: { code: 'http_5xx', message: 'ERP answered 500' },
  businessKey: 'INV-42',
  flow: flow('invoices', { criticality: 'high', businessProcess: 'Quote-to-cash', owner: 'Finance IT' }),
  ...over,
});

describe('flow context', () => {
  it('reads business settings defensively: odd or missing values are left out, criticality normal', () => {
    expect(flowContext({ id: 'f', settings: { criticality: 'urgent', sla: { maxDurationMs: -1 } } })).toEqual({
      flowId: 'f',
      name: 'f',
      businessProcess: null,
      criticality: 'normal',
      owner: null,
      maxDurationMs: null,
      freshnessMs: null,
    });
    expect(flowContext({ id: 'f', name: 'F' }).criticality).toBe('normal');
  });
});

describe('scope', () => {
  it('names one flow, or flows at or above a criticality (every flow without either)', () => {
    const high = flow('a', { criticality: 'high' });
    const low = flow('b', { criticality: 'low' });
    expect(inScope({ flowId: 'a' }, high)).toBe(true);
    expect(inScope({ flowId: 'a' }, low)).toBe(false);
    expect(inScope({ minCriticality: 'high' }, high)).toBe(true);
    expect(inScope({ minCriticality: 'critical' }, high)).toBe(false);
    expect(inScope({ minCriticality: 'normal' }, flow('c'))).toBe(true);
    expect(inScope({ minCriticality: 'normal' }, low)).toBe(false);
    expect(inScope({}, low)).toBe(true);
  });
});

describe('run rules', () => {
  it('run_failed holds for a failed run in scope, with the business context and key, and clears on a success', () => {
    const v = judgeRun('run_failed', { minCriticality: 'high' }, ended());
    expect(v?.holds).toBe(true);
    expect(v?.finding.groupKey).toBe('flow:invoices');
    expect(v?.finding.detail).toMatchObject({
      flowName: 'Flow invoices',
      businessProcess: 'Quote-to-cash',
      criticality: 'high',
      owner: 'Finance IT',
      businessKey: 'INV-42',
      runId: 'run_1',
      error: { code: 'http_5xx', message: 'ERP answered 500' },
    });
    expect(v?.finding.detail.summary).toBe('Run failed: Flow invoices [INV-42] — http_5xx: ERP answered 500');
    expect(judgeRun('run_failed', {}, ended({ status: 'succeeded', error: null }))?.holds).toBe(false);
    expect(judgeRun('run_failed', {}, ended({ status: 'cancelled' }))).toBeNull();
    expect(judgeRun('run_failed', { minCriticality: 'critical' }, ended())).toBeNull();
  });

  it("sla_breach holds for a run longer than the flow's maxDurationMs and clears on a success within it", () => {
    const slow = flow('s', { sla: { maxDurationMs: 2000 } });
    const over = judgeRun('sla_breach', {}, ended({ flow: slow, status: 'succeeded' }));
    expect(over?.holds).toBe(true);
    expect(over?.finding.detail).toMatchObject({ value: 4000, threshold: 2000 });
    expect(over?.finding.detail.summary).toBe('SLA breached: Flow s [INV-42] took 4 s (limit 2 s)');
    expect(judgeRun('sla_breach', {}, ended({ flow: slow, status: 'succeeded', finishedAt: 2000 }))?.holds).toBe(false);
    expect(judgeRun('sla_breach', {}, ended({ flow: slow, finishedAt: 2000 }))).toBeNull();
    expect(judgeRun('sla_breach', {}, ended())).toBeNull();
  });
});

describe('tick rules', () => {
  const flows = new Map([
    ['a', flow('a', { criticality: 'critical' })],
    ['b', flow('b', { criticality: 'low' })],
  ]);

  it('failure_rate: over the threshold with enough runs, for flows in scope', () => {
    const c = { thresholdPercent: 50, windowMinutes: 15, minRuns: 4, minCriticality: 'high' as const };
    const found = failureRates(
      c,
      [
        { flowId: 'a', finished: 4, failed: 3 },
        { flowId: 'b', finished: 10, failed: 10 },
      ],
      flows,
    );
    expect(found.map((f) => f.groupKey)).toEqual(['flow:a']);
    expect(found[0]!.detail.summary).toBe('Failure rate 75.0% over 15 min: Flow a (3 of 4 runs failed; limit 50%)');
    expect(failureRates(c, [{ flowId: 'a', finished: 3, failed: 3 }], flows)).toEqual([]);
    expect(failureRates(c, [{ flowId: 'a', finished: 4, failed: 2 }], flows)).toEqual([]);
  });

  it('circuit_open: circuits not closed are pending until open for the minutes, since they opened', () => {
    const circuits = [
      { host: 'erp:443', state: 'half_open' as const, openedAt: 100, lastError: 'GET erp:443 answered 503' },
      { host: 'crm:443', state: 'closed' as const, openedAt: null, lastError: null },
    ];
    const found = openCircuits({ minutes: 5 }, circuits, 60_100);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ groupKey: 'host:erp:443', since: 100, holdMs: 300_000 });
    expect(found[0]!.detail).toMatchObject({ host: 'erp:443', value: 1, threshold: 5 });
    expect(openCircuits({ minutes: 5, host: 'crm:443' }, circuits, 60_100)).toEqual([]);
  });

  it('backlog: more runs in the queue than allowed', () => {
    expect(backlogOver({ queue: 'failed', above: 10 }, 10, null)).toEqual([]);
    const [f] = backlogOver({ queue: 'failed', above: 10 }, 11, null);
    expect(f).toMatchObject({ groupKey: 'queue:failed', flowId: null });
    expect(f!.detail.summary).toBe('Backlog: 11 runs in the failed-runs queue (limit 10)');
    expect(backlogOver({ queue: 'unfinished', above: 0, flowId: 'a' }, 1, flows.get('a')!)[0]?.groupKey).toBe(
      'queue:unfinished:a',
    );
  });

  it('silent: no success for longer than freshnessMs, counted from the activation at most', () => {
    const fresh = flow('f', { sla: { freshnessMs: 3_600_000 } });
    const c = {};
    expect(silentFlows(c, [{ flow: fresh, lastSuccess: 0, activatedAt: 0 }], 3_600_000)).toEqual([]);
    const [f] = silentFlows(c, [{ flow: fresh, lastSuccess: 0, activatedAt: 0 }], 3_600_001);
    expect(f!.detail.summary).toBe('Silent: Flow f — last success 1 h ago (expected every 1 h)');
    expect(silentFlows(c, [{ flow: fresh, lastSuccess: null, activatedAt: 1000 }], 3_600_500)).toEqual([]);
    expect(silentFlows(c, [{ flow: flow('g'), lastSuccess: null, activatedAt: 0 }], 10 ** 12)).toEqual([]);
  });

  it('durations read plainly', () => {
    expect([250, 42_000, 300_000, 3_900_000, 7_200_000].map(duration)).toEqual([
      '250 ms',
      '42 s',
      '5 min',
      '1 h 5 min',
      '2 h',
    ]);
  });
});
