import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy, start, finished } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
const def = flow(
  'grouped',
  { in: n.manual(), check: n.validate({ type: 'object', required: ['budget'] }), stop: n.fail('no stop wanted') },
  ['in>check', 'check:valid>stop'],
);

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
  const plan = await deploy(weft, def);
  // Two live failures at different steps, and a failed test run.
  for (const body of [{ name: 'no budget' }, { budget: 1 }])
    await finished(weft, (await start(weft, plan, body)).runId);
  expect((await call('POST', '/api/flows/grouped/test', { input: { name: 'test' } })).body.status).toBe('failed');
});
afterAll(async () => {
  await weft.close(100);
});

describe('a failed-runs group and its runs', () => {
  it('lists only the runs of the group: live, failed at that step with that code', async () => {
    const all = await call('GET', '/api/runs?flowId=grouped&status=failed');
    expect(all.body.runs).toHaveLength(3);
    const group = await call(
      'GET',
      '/api/runs?flowId=grouped&status=failed&mode=live&nodeId=check&errorCode=validation_failed',
    );
    expect(group.status).toBe(200);
    expect(group.body.runs).toHaveLength(1);
    expect(group.body.runs[0]).toMatchObject({ mode: 'live', error: { nodeId: 'check', code: 'validation_failed' } });
  });

  it("counts only live runs among a flow's failures of the last 24 hours", async () => {
    const flows = (await call('GET', '/api/flows')).body.flows as { id: string; failuresLast24h: number }[];
    expect(flows.find((f) => f.id === 'grouped')?.failuresLast24h).toBe(2);
  });
});
