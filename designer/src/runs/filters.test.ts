import { describe, it, expect } from 'vitest';
import { apiQuery, groupRunsLink, hasFilters, localToMs, readFilters, writeFilters } from './filters.ts';
import { shortRunId } from './run-id.ts';

describe('run list filters', () => {
  it('reads filters from search params, dropping values the API would refuse', () => {
    const f = readFilters(
      new URLSearchParams('flowId=orders&status=weird&mode=replay&from=2026-01-05T09:30&to=yesterday&q=ACME'),
    );
    expect(f).toEqual({
      flowId: 'orders',
      status: '',
      mode: '',
      from: '2026-01-05T09:30',
      to: '',
      q: 'ACME',
      nodeId: '',
      errorCode: '',
    });
    expect(hasFilters(f)).toBe(true);
    expect(hasFilters(readFilters(new URLSearchParams('q=%20%20')))).toBe(false);
  });

  it('writes only the filters that are set and keeps other params', () => {
    const next = writeFilters(new URLSearchParams('status=failed&tab=x'), {
      ...readFilters(new URLSearchParams()),
      flowId: 'orders',
    });
    expect(next.toString()).toBe('tab=x&flowId=orders');
  });

  it('turns filters into the API query with times in ms', () => {
    const f = readFilters(new URLSearchParams('status=failed&from=2026-01-05T09:30&q=%20OPP-1%20'));
    const q = new URLSearchParams(apiQuery(f));
    expect(Object.fromEntries(q)).toEqual({
      status: 'failed',
      from: String(new Date(2026, 0, 5, 9, 30).getTime()),
      q: 'OPP-1',
      limit: '50',
    });
    expect(localToMs('')).toBeNull();
  });

  it('shows a failed-runs group as its own live failed runs, at its step with its code', () => {
    const link = groupRunsLink({ flowId: 'orders', nodeId: 'send', errorCode: 'http_client_error' });
    const f = readFilters(new URLSearchParams(link.split('?')[1]));
    expect(f).toMatchObject({
      flowId: 'orders',
      status: 'failed',
      mode: 'live',
      nodeId: 'send',
      errorCode: 'http_client_error',
    });
    expect(Object.fromEntries(new URLSearchParams(apiQuery(f)))).toMatchObject({
      nodeId: 'send',
      errorCode: 'http_client_error',
      mode: 'live',
    });
  });
});

describe('shortRunId', () => {
  it('keeps the distinguishing part of a run id', () => {
    expect(shortRunId('run_019b7a3c5e10000000a1b2c3d4e5')).toBe('7a3c5e10');
    expect(shortRunId('run_019b7a3c5e10000003a1b2c3d4e5')).toBe('7a3c5e10.3');
    expect(shortRunId('run_handmade0001')).toBe('made0001');
    expect(shortRunId('run_x')).toBe('run_x');
  });
});
