import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';
import { client } from '../support/api.ts';

let weft: Weft;
afterEach(async () => {
  await weft.close(100);
});

// Far below the test run's own 120 s limit: a test run that does not answer when it pauses fails here.
describe('POST /api/flows/:id/test', { timeout: 10_000 }, () => {
  it('answers a run paused for an approval at once, with its id, status and steps so far', async () => {
    weft = await testWeft();
    const call = client(weft);
    const { definition } = await weft.flows.create(
      flow(
        'approve-first',
        {
          in: n.manual(),
          ask: { type: 'control.approval', config: { prompt: 'Go ahead?' } },
          post: n.map("{ 'posted': id }"),
        },
        ['in>ask', 'ask:approved>post'],
      ),
    );
    const res = await call('POST', `/api/flows/${definition.id}/test`, { input: { id: 'INV-8' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'waiting_approval', mode: 'test', id: expect.stringMatching(/^run_/) });
    expect(res.body.steps.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
      ['in', 'succeeded'],
      ['ask', 'waiting'],
    ]);
  });
});
