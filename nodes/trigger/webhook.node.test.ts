import { describe, it, expect } from 'vitest';
import webhook from './webhook.node.ts';
import { makeTestContext } from '../testing.ts';

describe('trigger.webhook', () => {
  it('applies defaults', () => {
    expect(webhook.config.parse({ path: 'crm/opportunity-won' })).toEqual({
      path: 'crm/opportunity-won',
      method: 'POST',
      respond: 'onCompletion',
    });
  });

  it.each(['/leading', 'has space', 'a?b', '', 'x'.repeat(201)])('rejects path %j', (path) => {
    const r = webhook.config.safeParse({ path });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['path']);
  });

  it('accepts a dedupe expression and rejects unknown keys', () => {
    expect(webhook.config.parse({ path: 'a', dedupe: '=opportunity.id' }).dedupe).toBe('=opportunity.id');
    expect(webhook.config.safeParse({ path: 'a', extra: 1 }).success).toBe(false);
    expect(webhook.config.safeParse({ path: 'a', method: 'OPTIONS' }).success).toBe(false);
  });

  it('outputs the event body', async () => {
    const body = { opportunity: { id: 7 } };
    const out = await webhook.execute(
      makeTestContext(),
      { body, headers: {}, method: 'POST' },
      webhook.config.parse({ path: 'a' }),
    );
    expect(out).toBe(body);
  });

  it('is a webhook trigger without inputs', () => {
    expect(webhook.trigger).toBe('webhook');
    expect(webhook.ports).toEqual({ inputs: [], outputs: ['out'] });
  });
});
