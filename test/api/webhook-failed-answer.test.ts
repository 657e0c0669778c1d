import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import { viewOf } from '../support/weft.ts';

let weft: Weft;
let stub: HttpStub;
let call: ReturnType<typeof client>;
beforeAll(async () => {
  stub = await HttpStub.start();
  stub.respond('/internal/customers', { status: 422, body: { error: 'ledger 7 locked by batch job 41' } });
  weft = await testWeft();
  call = client(weft);
});
afterAll(async () => {
  await weft.close(100);
  await stub.close();
});

describe('a webhook waiting for its run, when the run fails', () => {
  it('answers with the run id and a generic code; the downstream address and answer stay in the run', async () => {
    await deploy(
      weft,
      flow(
        'leaky',
        {
          in: n.webhook('leaky', { respond: 'onCompletion' }),
          send: n.http(`${stub.url}/internal/customers`, { retry: { maxAttempts: 1 } }),
        },
        ['in>send'],
      ),
    );
    const res = await call('POST', '/hooks/leaky', { customer: 'C-1' });
    expect(res.status).toBe(500);
    const runId = res.headers.get('weft-run-id')!;
    expect(res.body).toEqual({
      error: { code: 'run_failed', message: `the run failed; its id is ${runId}`, details: { runId } },
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('/internal/customers');
    expect(text).not.toContain('ledger 7');
    // Operators still see everything in the run.
    expect((await viewOf(weft, runId)).error).toMatchObject({
      nodeId: 'send',
      message: expect.stringContaining('ledger 7 locked'),
    });
  });
});
