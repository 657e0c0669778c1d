import { describe, expect, it } from 'vitest';
import type { HttpClient, HttpRequest } from '../../nodes/define-node.ts';
import type { RunState } from './run-state.ts';
import { createStepContext, type StepContextDeps } from './step-context.ts';

/** A step's requests leave only while its worker holds the run (a worker stalled past its lease sends nothing). */
describe('a step context as its step’s HTTP client', () => {
  const req: HttpRequest = { method: 'POST', url: 'http://127.0.0.1:9/orders', headers: {}, timeoutMs: 1000 };
  const setup = (held: StepContextDeps['held']) => {
    const sent: HttpRequest[] = [];
    const client: HttpClient = {
      request: async (r) => {
        sent.push(r);
        return { status: 201, headers: {}, body: '{}' };
      },
    };
    const deps = { http: client, held } as unknown as StepContextDeps;
    const rs = { id: 'run_1', plan: { flowId: 'orders' }, keyBase: 'run_1', event: null, released: false };
    const ctx = createStepContext(deps, rs as unknown as RunState, 'send', 1, new AbortController().signal);
    return { ctx, rs, sent };
  };

  it('sends at once while the lease holds', async () => {
    const { ctx, sent } = setup(() => null);
    expect((await ctx.http.request(req)).status).toBe(201);
    expect(sent).toEqual([req]);
  });

  it('waits for the renewal once the lease has run out here, and sends when the run is still this worker’s', async () => {
    let renewed!: () => void;
    const renewal = new Promise<void>((r) => (renewed = r));
    const { ctx, sent } = setup(() => renewal);
    const answer = ctx.http.request(req);
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([]);
    renewed();
    expect((await answer).status).toBe(201);
    expect(sent).toHaveLength(1);
  });

  it('sends nothing for a run another worker took over while the lease had run out', async () => {
    let renewed!: () => void;
    const renewal = new Promise<void>((r) => (renewed = r));
    const { ctx, rs, sent } = setup(() => renewal);
    const answer = ctx.http.request(req);
    // The renewal finds the lease lost: the run is let go here before the renewal resolves.
    rs.released = true;
    renewed();
    await expect(answer).rejects.toMatchObject({ code: 'aborted', message: expect.stringContaining('not sent') });
    expect(sent).toEqual([]);
  });
});
