import { describe, it, expect } from 'vitest';
import respond from './respond.node.ts';
import { makeTestContext } from '../testing.ts';

describe('control.respond', () => {
  it('responds with the input by default and outputs the response', async () => {
    const ctx = makeTestContext();
    const input = { ok: true };
    const out = await respond.execute(ctx, input, respond.config.parse({}));
    expect(out).toEqual({ status: 200, headers: {}, body: input });
    expect(ctx.responses).toEqual([{ status: 200, headers: {}, body: input }]);
  });

  it('uses the configured status, headers and body', async () => {
    const ctx = makeTestContext();
    const c = respond.config.parse({ status: 422, headers: { 'x-reason': 'invalid' }, body: { errors: [] } });
    await respond.execute(ctx, { ignored: 1 }, c);
    expect(ctx.responses).toEqual([{ status: 422, headers: { 'x-reason': 'invalid' }, body: { errors: [] } }]);
  });

  it('rejects statuses outside 100..599', () => {
    expect(respond.config.safeParse({ status: 99 }).success).toBe(false);
    expect(respond.config.safeParse({ status: 600 }).success).toBe(false);
    expect(respond.config.safeParse({ status: 200.5 }).success).toBe(false);
  });
});
