import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { type Delivery, SENDERS } from '../support/webhook-senders.ts';

const PUBLIC_URL = 'https://weft.example.com';
let weft: Weft;
let call: ReturnType<typeof client>;
const secrets = new Map<string, string>();

beforeAll(async () => {
  weft = await testWeft({ config: { publicUrl: PUBLIC_URL } });
  call = client(weft);
  for (const s of SENDERS) {
    secrets.set(s.preset, s.secret());
    await call('POST', '/api/connections', {
      id: `${s.preset}-secret`,
      name: `${s.preset} signing secret`,
      baseUrl: 'https://sender.example.com',
      auth: { type: 'api_key', key: secrets.get(s.preset) },
    });
    await deploy(
      weft,
      flow(
        `hook-${s.preset}`,
        {
          hook: n.webhook(`in/${s.preset}`, {
            respond: 'immediately',
            verify: { scheme: s.preset, secret: `${s.preset}-secret` },
          }),
        },
        [],
      ),
    );
  }
});
afterAll(() => weft.close(0));

const runs = async (preset: string) =>
  (await weft.store.runQueries.list({ flowId: `hook-${preset}`, limit: 100 })).length;

describe.each(SENDERS)('the $preset preset', (sender) => {
  const url = `${PUBLIC_URL}/hooks/in/${sender.preset}`;
  const delivery = (over: Partial<Delivery> = {}): Delivery => {
    const id = over.id ?? `evt_${randomUUID()}`;
    return {
      id,
      at: Date.now(),
      body: JSON.stringify({ id, object: 'event', type: 'deal.updated', data: { amount: 1200 } }),
      secret: secrets.get(sender.preset)!,
      ...over,
    };
  };
  const post = async (d: Delivery, body = d.body) =>
    call('POST', `/hooks/in/${sender.preset}`, body, {
      authorization: '',
      'content-type': 'application/json',
      ...(await sender.headers(d, url)),
    });

  it('starts a run for a request its sender signed', async () => {
    const before = await runs(sender.preset);
    const res = await post(delivery());
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.duplicate).toBe(false);
    expect(await runs(sender.preset)).toBe(before + 1);
  });

  it('refuses a wrong secret and a changed body with 401, starting no run', async () => {
    const before = await runs(sender.preset);
    const wrong = await post(delivery({ secret: sender.secret() }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toMatch(/does not match/);
    const d = delivery();
    const changed = await post(d, d.body.replace('1200', '1300'));
    expect(changed.status).toBe(401);
    expect(changed.body.error.message).toMatch(/does not match/);
    expect(await runs(sender.preset)).toBe(before);
  });

  it.runIf(sender.timed)('refuses an expired signing time and a replay with 401, starting no second run', async () => {
    const before = await runs(sender.preset);
    const old = await post(delivery({ at: Date.now() - 10 * 60_000 }));
    expect(old.status).toBe(401);
    expect(old.body.error.message).toMatch(/away from now \(more than 300 s\): refused as a possible replay/);
    const d = delivery();
    expect((await post(d)).status).toBe(202);
    const replay = await post(d);
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/already accepted: refused as a replay/);
    expect(await runs(sender.preset)).toBe(before + 1);
  });

  it.runIf(sender.eventId)('answers a retry of the same event with its first run, starting no second one', async () => {
    const before = await runs(sender.preset);
    const d = delivery();
    const first = await post(d);
    expect(first.status).toBe(202);
    // The sender signs its retry again (a later time where it signs one); the event id stays.
    const retry = await post({ ...d, at: d.at + 1000 });
    expect(retry.status, JSON.stringify(retry.body)).toBe(202);
    expect(retry.body).toMatchObject({ runId: first.body.runId, duplicate: true });
    expect(await runs(sender.preset)).toBe(before + 1);
  });

  it('refuses a request without its signature header with 401 naming the header', async () => {
    const res = await call('POST', `/hooks/in/${sender.preset}`, delivery().body, {
      authorization: '',
      'content-type': 'application/json',
    });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/header is missing/);
  });
});
