import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpStub, type StubRequest } from '../../../test/support/http-stub.ts';
import { Emitter } from './emitter.ts';

const WHSEC = `whsec_${randomBytes(24).toString('base64')}`;
const headersOf = (r: StubRequest) =>
  Object.fromEntries(Object.entries(r.headers).filter((e): e is [string, string] => typeof e[1] === 'string'));

describe("sample systems' events signed with Standard Webhooks", () => {
  let stub: HttpStub;
  let emitter: Emitter | null = null;
  beforeEach(async () => {
    stub = await HttpStub.start();
  });
  afterEach(async () => {
    emitter?.close();
    await stub.close();
  });

  it('with a signing secret, every event verifies with the standardwebhooks library; webhook-id is the event id', async () => {
    emitter = new Emitter({ weftUrl: stub.url, signingSecret: WHSEC, attempts: 1 });
    emitter.emit('crm/opportunity-won', { eventId: 'evt_1', amount: 1250 } as { eventId: string });
    await emitter.idle();
    const [req] = stub.calls('/hooks/crm/opportunity-won');
    expect(req, 'the event reached the receiver').toBeDefined();
    expect(req!.headers['webhook-id']).toBe('evt_1');
    expect(new Webhook(WHSEC).verify(req!.body, headersOf(req!))).toEqual({ eventId: 'evt_1', amount: 1250 });
    const other = `whsec_${randomBytes(24).toString('base64')}`;
    expect(() => new Webhook(other).verify(req!.body, headersOf(req!))).toThrow(/signature/i);
  });

  it('without one, events go unsigned', async () => {
    emitter = new Emitter({ weftUrl: stub.url, attempts: 1 });
    emitter.emit('crm/opportunity-won', { eventId: 'evt_2' });
    await emitter.idle();
    expect(stub.calls('/hooks/crm/opportunity-won')[0]!.headers['webhook-signature']).toBeUndefined();
  });

  it('a secret set later signs the events emitted from then on, and pending counts those not yet settled', async () => {
    emitter = new Emitter({ weftUrl: stub.url, attempts: 1 });
    emitter.signingSecret = WHSEC;
    emitter.emit('crm/opportunity-won', { eventId: 'evt_3' });
    emitter.emit('crm/opportunity-won', { eventId: 'evt_4' });
    expect(emitter.pending).toBe(2);
    await emitter.idle();
    expect(emitter.pending).toBe(0);
    const calls = stub.calls('/hooks/crm/opportunity-won');
    expect(calls.map((r) => new Webhook(WHSEC).verify(r.body, headersOf(r)))).toEqual([
      { eventId: 'evt_3' },
      { eventId: 'evt_4' },
    ]);
  });
});
