import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub, type StubRequest } from '../support/http-stub.ts';
import { deploy, finished, start, testWeft } from '../support/weft.ts';

const WHSEC = `whsec_${randomBytes(24).toString('base64')}`;
const headersOf = (r: StubRequest) =>
  Object.fromEntries(Object.entries(r.headers).filter((e): e is [string, string] => typeof e[1] === 'string'));

describe('HTTP step signing its request with Standard Webhooks', () => {
  let weft: Weft;
  let stub: HttpStub;

  beforeAll(async () => {
    weft = await testWeft();
    stub = await HttpStub.start();
    const call = client(weft);
    await call('POST', '/api/connections', {
      id: 'receiver-signing',
      name: 'Signing secret',
      baseUrl: 'https://receiver.example.com',
      auth: { type: 'api_key', key: WHSEC },
    });
  });
  afterAll(async () => {
    await weft.close(0);
    await stub.close();
  });

  const run = async (id: string, sign: Record<string, unknown> | undefined) => {
    const plan = await deploy(
      weft,
      flow(id, { in: n.manual(), call: n.http(`${stub.url}/${id}`, sign ? { sign } : {}) }, ['in>call']),
    );
    return finished(weft, (await start(weft, plan, { invoice: 'INV-7', amount: 1250 })).runId);
  };

  it('signs the exact body it sends; the standardwebhooks library verifies it, webhook-id is the Idempotency-Key', async () => {
    const row = await run('signed', { scheme: 'standard-webhooks', secret: 'receiver-signing' });
    expect(row.status).toBe('succeeded');
    const [req] = stub.calls('/signed');
    expect(req, 'the step reached the receiver').toBeDefined();
    expect(req!.headers['webhook-id']).toBe(req!.idempotencyKey);
    expect(new Webhook(WHSEC).verify(req!.body, headersOf(req!))).toEqual({ invoice: 'INV-7', amount: 1250 });
    expect(() => new Webhook(WHSEC).verify(req!.body.replace('1250', '1251'), headersOf(req!))).toThrow(/signature/i);
    // The secret appears nowhere in what was sent.
    expect(JSON.stringify(req)).not.toContain(WHSEC.slice(6));
  });

  it('sends no signature unless asked', async () => {
    expect((await run('plain', undefined)).status).toBe('succeeded');
    expect(stub.calls('/plain')[0]!.headers['webhook-signature']).toBeUndefined();
  });

  it('fails the step, naming the connection, when the signing connection does not exist', async () => {
    const row = await run('unsigned', { secret: 'nowhere' });
    expect(row.status).toBe('failed');
    const error = typeof row.error === 'string' ? JSON.parse(row.error) : row.error;
    expect(error).toMatchObject({
      retryable: false,
      message: expect.stringMatching(/connection "nowhere" does not exist/),
    });
    expect(stub.calls('/unsigned')).toEqual([]);
  });
});
