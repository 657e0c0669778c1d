import { describe, it, expect } from 'vitest';
import { flowDefinitionSchema, webhookRouteKey } from './flow.ts';

describe('flow definition helpers', () => {
  it('normalises webhook routes', () => {
    expect(webhookRouteKey({ path: '/crm/won/', method: 'post' })).toBe('POST crm/won');
    expect(webhookRouteKey({ path: 'x' })).toBe('POST x');
  });

  it('fills defaults and refuses unknown settings with their path', () => {
    const base = { id: 'f', name: 'F', schemaVersion: 1, nodes: [{ id: 'n', type: 'trigger.manual' }], edges: [] };
    const parsed = flowDefinitionSchema.parse(base);
    expect(parsed.nodes[0]).toMatchObject({ typeVersion: 1, config: {} });
    expect(parsed.settings).toEqual({});
    const bad = flowDefinitionSchema.safeParse({ ...base, settings: { concurrency: 2, retention: 7 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path).toEqual(['settings']);
    expect(
      flowDefinitionSchema.parse({ ...base, settings: { concurrency: 2, orderingKey: 'customerId' } }).settings,
    ).toEqual({ concurrency: 2, orderingKey: 'customerId' });
  });
});
