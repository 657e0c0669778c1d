import { describe, it, expect } from 'vitest';
import { parseJsonInput, toJsonText } from './json-input.ts';
import { describeGroup, groupFilter, inGroup, type FailedGroup } from './failed-groups.ts';
import type { RunListItem } from '../api/types.ts';

describe('parseJsonInput', () => {
  it('reads any JSON value, or only an object when asked', () => {
    expect(parseJsonInput(' {"path": "orders"} ')).toEqual({ ok: true, value: { path: 'orders' } });
    expect(parseJsonInput('[1]')).toEqual({ ok: true, value: [1] });
    expect(parseJsonInput('null')).toEqual({ ok: true, value: null });
    expect(parseJsonInput('[1]', true)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/must be a JSON object/),
    });
    expect(parseJsonInput('{"a": 1}', true)).toEqual({ ok: true, value: { a: 1 } });
  });

  it('explains empty and malformed input', () => {
    expect(parseJsonInput('  ')).toEqual({ ok: false, message: 'Enter a JSON value.' });
    expect(parseJsonInput('', true)).toMatchObject({ ok: false, message: expect.stringMatching(/JSON object/) });
    expect(parseJsonInput('{"path": ')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Not valid JSON: /),
    });
  });

  it('pretty-prints a value for editing', () => {
    expect(toJsonText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(toJsonText(undefined)).toBe('');
  });
});

describe('failed-run groups', () => {
  const group: FailedGroup = {
    flowId: 'orders',
    nodeId: 'send',
    nodeName: null,
    errorCode: 'http_client_error',
    count: 3,
    firstAt: 100,
    lastAt: 200,
    message: 'answered 404',
  };

  it('selects a group by flow, step and error up to its latest run', () => {
    expect(groupFilter(group)).toEqual({ flowId: 'orders', nodeId: 'send', errorCode: 'http_client_error', to: 201 });
    expect(groupFilter({ ...group, nodeId: null })).toBeNull();
  });

  it('matches listed runs to a group without a step', () => {
    const g = { ...group, nodeId: null, errorCode: 'plan_missing' };
    const run = (over: Partial<RunListItem>) =>
      ({
        flowId: 'orders',
        status: 'failed',
        mode: 'live',
        createdAt: 150,
        error: { code: 'plan_missing', message: 'x', retryable: false },
        ...over,
      }) as RunListItem;
    expect(inGroup(g, run({}))).toBe(true);
    expect(inGroup(g, run({ createdAt: 201 }))).toBe(false);
    expect(inGroup(g, run({ mode: 'test' }))).toBe(false);
    expect(inGroup(g, run({ error: { code: 'plan_missing', message: 'x', retryable: false, nodeId: 'send' } }))).toBe(
      false,
    );
  });

  it('describes a group in words', () => {
    expect(describeGroup(group, 'Orders')).toBe('3 runs of Orders failing at send');
    expect(describeGroup({ ...group, nodeName: 'Send order' }, 'Orders')).toBe(
      '3 runs of Orders failing at Send order',
    );
    expect(describeGroup({ ...group, count: 1, nodeId: null }, 'Orders')).toBe('1 run of Orders');
  });
});
