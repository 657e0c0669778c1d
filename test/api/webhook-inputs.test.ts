import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { createApp } from '../../runtime/api/app.ts';
import { triggerEventOf } from '../../runtime/engine/payloads.ts';
import { testWeft, deploy } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { ADMIN_AUTH } from '../support/auth.ts';
import { flow, n } from '../support/flows.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
  app = createApp(weft);
  const hook = (id: string, extra: Record<string, unknown> = {}) =>
    flow(id, { in: n.webhook(id, { respond: 'immediately', ...extra }) }, []);
  await deploy(weft, hook('json-only'));
  await deploy(weft, hook('plain', { accept: ['text/plain'] }));
  await deploy(weft, hook('form', { accept: ['application/x-www-form-urlencoded', 'application/json'] }));
  await deploy(weft, hook('any-text', { accept: ['text/*'] }));
});
afterAll(() => weft.close(0));

const runs = async (flowId: string) => (await weft.store.runQueries.list({ flowId, limit: 100 })).length;
const eventOf = async (runId: string) => triggerEventOf((await weft.store.runs.run(runId))!);
const send = (path: string, body: BodyInit, contentType: string) =>
  app.request(path, { method: 'POST', body, headers: { ...ADMIN_AUTH, 'content-type': contentType } });

describe('webhook bodies by content type', () => {
  it('answers a text/plain body to a JSON webhook with 415 and starts no run', async () => {
    const res = await call('POST', '/hooks/json-only', '{"order":{"id":"O-1"}}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({
      code: 'unsupported_media_type',
      details: { contentType: 'text/plain', accepted: ['application/json'] },
    });
    expect(res.body.error.message).toMatch(/does not accept text\/plain/);
    expect(
      (await call('POST', '/hooks/json-only', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(415);
    expect(await runs('json-only')).toBe(0);
  });

  it('accepts JSON and the +json types by default', async () => {
    const res = await call('POST', '/hooks/json-only', '{"id":1}', {
      'content-type': 'application/vnd.crm.event+json; charset=utf-8',
    });
    expect(res.status).toBe(202);
    expect((await eventOf(res.body.runId)).body).toEqual({ id: 1 });
  });

  it('keeps an accepted text body as text, even when it looks like JSON', async () => {
    const res = await call('POST', '/hooks/plain', '{"id": 1}', { 'content-type': 'text/plain; charset=UTF-8' });
    expect(res.status).toBe(202);
    expect((await eventOf(res.body.runId)).body).toBe('{"id": 1}');
    const csv = await call('POST', '/hooks/any-text', 'id;amount\n1;20', { 'content-type': 'text/csv' });
    expect(csv.status).toBe(202);
    expect((await eventOf(csv.body.runId)).body).toBe('id;amount\n1;20');
    expect((await call('POST', '/hooks/plain', '{"id":1}', { 'content-type': 'application/json' })).status).toBe(415);
    expect((await call('POST', '/hooks/plain', 'x', { 'content-type': 'text/plain; charset=iso-8859-1' })).status).toBe(
      415,
    );
  });

  it('parses an accepted form body into fields (repeated names into arrays, odd names as plain fields)', async () => {
    const res = await call('POST', '/hooks/form', 'customer=ACME+Corp&tag=a&tag=b&__proto__=x&note=caf%C3%A9', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(202);
    const body = (await eventOf(res.body.runId)).body as Record<string, unknown>;
    expect(body).toEqual({ customer: 'ACME Corp', tag: ['a', 'b'], ['__proto__']: 'x', note: 'café' });
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    const bad = await call('POST', '/hooks/form', 'note=caf%E9', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not valid UTF-8/);
  });

  it('answers a body that is not UTF-8 with 400 naming the byte offset, and starts no run', async () => {
    const before = [await runs('json-only'), await runs('plain')];
    const json = new Uint8Array([...Buffer.from('{"name":"caf'), 0xe9, ...Buffer.from('"}')]);
    const res = await send('/hooks/json-only', json, 'application/json');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { offset: number } } };
    expect(body.error).toMatchObject({ code: 'bad_request', details: { offset: 12 } });
    expect(body.error.message).toMatch(/not valid UTF-8.*0xE9 at offset 12/);
    // A truncated sequence, an overlong form and an encoded surrogate.
    for (const [bytes, offset] of [
      [[0x61, 0xe2, 0x82], 1],
      [[0x61, 0x62, 0xc0, 0xaf], 2],
      [[0xed, 0xa0, 0x80], 0],
    ] as const) {
      const r = await send('/hooks/plain', new Uint8Array(bytes), 'text/plain');
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { details: unknown } }).error.details).toEqual({ offset });
    }
    expect([await runs('json-only'), await runs('plain')]).toEqual(before);
  });
});

describe('API bodies', () => {
  it('treats an empty body sent as application/json as no body on a route whose body is optional', async () => {
    await weft.flows.create(flow('draft', { in: n.manual(), m: n.map('$') }, ['in>m']));
    const res = await call('POST', '/api/flows/draft/publish', '', { 'content-type': 'application/json' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ flowId: 'draft', version: 1 });
  });

  it('answers an API body that is not UTF-8 with 400 naming the byte offset', async () => {
    const res = await send(
      '/api/flows',
      new Uint8Array([...Buffer.from('{"id":"x'), 0xff, ...Buffer.from('"}')]),
      'application/json',
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: unknown } }).error.details).toEqual({ offset: 8 });
  });
});
