import { describe, expect, it } from 'vitest';
import { sentKeyOf } from './sent-key.ts';

const http = (config: Record<string, unknown>) => ({ id: 'create', type: 'connector.http', typeVersion: 1, config });

describe('the idempotency key a step sent', () => {
  it('is the connector\'s configured key: an expression to evaluate, or fixed text', () => {
    expect(sentKeyOf(http({ method: 'POST', idempotencyKey: '="erp-cust-" & externalRef' }), 'run_1:create')).toEqual({ kind: 'expression', source: '"erp-cust-" & externalRef' });
    expect(sentKeyOf(http({ method: 'POST', idempotencyKey: 'order-7' }), 'run_1:create')).toEqual({ kind: 'fixed', key: 'order-7' });
    expect(sentKeyOf(http({ method: 'POST', idempotencyKey: '==x' }), 'run_1:create')).toEqual({ kind: 'fixed', key: '=x' });
    expect(sentKeyOf(http({ method: 'PATCH', headers: { 'idempotency-key': 'h-1' } }), 'run_1:create')).toEqual({ kind: 'fixed', key: 'h-1' });
  });

  it('is the step\'s own key otherwise, and none for GET', () => {
    expect(sentKeyOf(http({ method: 'POST' }), 'run_1:create')).toEqual({ kind: 'step', key: 'run_1:create' });
    expect(sentKeyOf(http({ method: 'GET', idempotencyKey: 'x' }), 'run_1:create')).toEqual({ kind: 'none' });
    expect(sentKeyOf(http({}), 'run_1:create')).toEqual({ kind: 'none' });
    expect(sentKeyOf({ id: 'm', type: 'map.jsonata', typeVersion: 1, config: {} }, 'run_1:m')).toEqual({ kind: 'step', key: 'run_1:m' });
  });
});
