import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { client } from '../support/api.ts';
import { HttpStub, type StubRequest } from '../support/http-stub.ts';
import { testWeft } from '../support/weft.ts';
import { PUBLIC_URL, alertsSettled, invoiceFlow, ruleWithChannel, runner } from '../support/alerts.ts';

const WHSEC = `whsec_${randomBytes(24).toString('base64')}`;

/** The request's headers as the receiver's library takes them. */
const headersOf = (r: StubRequest) =>
  Object.fromEntries(Object.entries(r.headers).filter((e): e is [string, string] => typeof e[1] === 'string'));

describe('alert webhooks signed with Standard Webhooks', () => {
  let weft: Weft;
  let call: ReturnType<typeof client>;
  let stub: HttpStub;

  beforeEach(async () => {
    weft = await testWeft({ config: { publicUrl: PUBLIC_URL, alertIntervalMs: 0 } });
    call = client(weft);
    stub = await HttpStub.start();
  });
  afterEach(async () => {
    await weft.close(0);
    await stub.close();
  });

  async function oneAlert(secret: string): Promise<StubRequest> {
    await ruleWithChannel(
      call,
      { kind: 'webhook', name: 'Ops', settings: { url: `${stub.url}/alerts`, secret } },
      { kind: 'run_failed', name: 'Failing', condition: {} },
    );
    const invoices = await runner(weft, invoiceFlow('invoices', { criticality: 'critical' }));
    await invoices('INV-1', true);
    await alertsSettled(weft, 1);
    const [req] = stub.calls('/alerts');
    expect(req, 'the alert webhook was delivered').toBeDefined();
    return req!;
  }

  it('a whsec_ secret: the standardwebhooks library verifies the delivery; webhook-id is the delivery id', async () => {
    const req = await oneAlert(WHSEC);
    expect(req.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(req.headers['webhook-id']).toBe(req.headers['x-weft-delivery']);
    expect(new Webhook(WHSEC).verify(req.body, headersOf(req))).toMatchObject({ event: 'opened', flowId: 'invoices' });
    expect(() => new Webhook(WHSEC).verify(`${req.body} `, headersOf(req))).toThrow(/signature/i);
    const other = `whsec_${randomBytes(24).toString('base64')}`;
    expect(() => new Webhook(other).verify(req.body, headersOf(req))).toThrow(/signature/i);
  });

  it("any other secret signs with its UTF-8 bytes (the library's raw format)", async () => {
    const secret = 'alert-signing-secret-0123456789';
    const req = await oneAlert(secret);
    const raw = new Webhook(Buffer.from(secret, 'utf8').toString('base64'));
    expect(raw.verify(req.body, headersOf(req))).toMatchObject({ event: 'opened' });
    expect(() => new Webhook(WHSEC).verify(req.body, headersOf(req))).toThrow(/signature/i);
  });
});
