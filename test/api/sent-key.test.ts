import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy, start, finished } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
let stub: HttpStub;

beforeAll(async () => {
  stub = await HttpStub.start();
  stub.respond('/customers', { status: 201, body: { id: 7 } });
  stub.respond('/lookup', { status: 200, body: { found: true } });
  weft = await testWeft();
  call = client(weft);
});
afterAll(async () => {
  await weft.close(100);
  await stub.close();
});

describe('the run shows the Idempotency-Key each step sent', () => {
  it('records a configured key as worked out for the request, the step key otherwise, and none for GET or non-connector steps', async () => {
    const plan = await deploy(
      weft,
      flow(
        'keys',
        {
          in: n.manual(),
          configured: n.http(`${stub.url}/customers`, { idempotencyKey: '="erp-cust-" & externalRef' }),
          own: n.http(`${stub.url}/customers`),
          read: n.http(`${stub.url}/lookup`, { method: 'GET', body: undefined }),
          shape: n.map('$'),
        },
        ['in>configured', 'configured>own', 'own>read', 'read>shape'],
      ),
    );
    const { runId } = await start(weft, plan, { externalRef: 'ACC-1004' });
    expect((await finished(weft, runId)).status).toBe('succeeded');

    const sent = stub.calls('/customers').map((r) => r.idempotencyKey);
    expect(sent).toEqual(['erp-cust-ACC-1004', `${runId}:own`]);
    const steps = Object.fromEntries(
      ((await call('GET', `/api/runs/${runId}`)).body.steps as { nodeId: string; sentKey: string | null }[]).map(
        (s) => [s.nodeId, s.sentKey],
      ),
    );
    expect(steps).toEqual({ in: null, configured: 'erp-cust-ACC-1004', own: `${runId}:own`, read: null, shape: null });
  });
});
