import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy, finished } from '../support/weft.ts';
import { count } from '../support/rows.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import { triggerEventOf } from '../../runtime/engine/payloads.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
let stub: HttpStub;

beforeAll(async () => {
  stub = await HttpStub.start();
});
afterAll(() => stub.close());
beforeEach(async () => {
  weft = await testWeft();
  call = client(weft);
});
afterEach(() => weft.close(100));

const runCount = () => count(weft, 'runs');
const hookFlow = (
  id: string,
  path: string,
  trigger: Record<string, unknown> = {},
  reply: Record<string, unknown> | null = { status: 201, body: "={ 'seen': order.id }" },
) =>
  flow(
    id,
    { in: n.webhook(path, trigger), m: n.map('$'), ...(reply ? { reply: n.respond(reply) } : {}) },
    reply ? ['in>m', 'm>reply'] : ['in>m'],
  );

describe('webhooks', () => {
  it('answers 404 for a path no active flow listens on (or another method)', async () => {
    await deploy(weft, hookFlow('orders', 'orders'));
    const res = await call('POST', '/hooks/unknown', { a: 1 });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('/hooks/unknown') });
    expect((await call('PUT', '/hooks/orders', { a: 1 })).status).toBe(404);
    expect(await runCount()).toBe(0);
  });

  it('answers malformed JSON with 400 and starts no run', async () => {
    await deploy(weft, hookFlow('orders', 'orders'));
    const res = await call('POST', '/hooks/orders', '{"order": {"id": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: expect.objectContaining({ code: 'bad_request', message: expect.stringContaining('not valid JSON') }),
    });
    expect(await runCount()).toBe(0);
  });

  it('waits for the run and answers with its respond step (onCompletion)', async () => {
    await deploy(weft, hookFlow('orders', 'crm/orders'));
    const res = await call(
      'POST',
      '/hooks/crm/orders?src=crm',
      { order: { id: 'O-1' } },
      { authorization: 'Bearer secret', 'x-correlation-id': 'corr-1' },
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ seen: 'O-1' });
    const runId = res.headers.get('weft-run-id')!;
    const row = (await weft.store.runs.run(runId))!;
    expect(row).toMatchObject({ status: 'succeeded', correlationId: 'corr-1' });
    expect(row.triggerBody?.toString()).toBe('{"order":{"id":"O-1"}}');
    const event = triggerEventOf(row);
    expect(event).toMatchObject({
      body: { order: { id: 'O-1' } },
      query: { src: 'crm' },
      method: 'POST',
      path: 'crm/orders',
    });
    expect(event.headers).not.toHaveProperty('authorization');
    expect(JSON.parse(row.response!)).toMatchObject({ status: 201, body: { seen: 'O-1' } });
  });

  it('answers 200 with the run status when no step responds, and 500 when the run fails', async () => {
    await deploy(weft, hookFlow('quiet', 'quiet', {}, null));
    const quiet = await call('POST', '/hooks/quiet', { a: 1 });
    expect(quiet.status).toBe(200);
    expect(quiet.body).toEqual({ runId: quiet.headers.get('weft-run-id'), status: 'succeeded' });

    await deploy(weft, flow('broken', { in: n.webhook('broken'), stop: n.fail('customer unknown') }, ['in>stop']));
    const failed = await call('POST', '/hooks/broken', { a: 1 });
    expect(failed.status).toBe(500);
    expect(failed.body.error).toEqual({
      code: 'run_failed',
      message: `the run failed; its id is ${failed.headers.get('weft-run-id')}`,
      details: { runId: failed.headers.get('weft-run-id') },
    });
  });

  it('answers as soon as a respond step has run, while later steps still run', async () => {
    stub.respond('/audit', 'hold');
    await deploy(
      weft,
      flow(
        'early',
        {
          in: n.webhook('early'),
          ack: n.respond({ status: 200, body: "={ 'accepted': id }" }),
          audit: n.http(`${stub.url}/audit`),
        },
        ['in>ack', 'ack>audit'],
      ),
    );
    const res = await call('POST', '/hooks/early', { id: 'E-1' });
    expect(res).toMatchObject({ status: 200, body: { accepted: 'E-1' } });
    const runId = res.headers.get('weft-run-id')!;
    await stub.waitForCalls('/audit', 1);
    expect((await weft.store.runs.run(runId))!.status).toBe('running');
    stub.release('/audit', { status: 200 });
    expect((await finished(weft, runId)).status).toBe('succeeded');
  });

  it('answers 202 with the run id when the run outlasts webhookWaitMs', async () => {
    const patient = await testWeft({ config: { webhookWaitMs: 30 } });
    try {
      stub.respond('/slow-erp', 'hold');
      await deploy(
        patient,
        flow(
          'slow',
          { in: n.webhook('slow'), erp: n.http(`${stub.url}/slow-erp`), reply: n.respond({ status: 201 }) },
          ['in>erp', 'erp>reply'],
        ),
      );
      const res = await client(patient)('POST', '/hooks/slow', { id: 'S-1' });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ runId: res.headers.get('weft-run-id'), status: 'running' });
      await stub.waitForCalls('/slow-erp', 1);
      stub.release('/slow-erp', { status: 200, body: { ok: 1 } });
      const row = await finished(patient, res.body.runId);
      expect(row.status).toBe('succeeded');
      expect(JSON.parse(row.response!)).toMatchObject({ status: 201 });
    } finally {
      await patient.close(100);
    }
  });

  it('answers 202 with the run id at once when respond is "immediately"', async () => {
    await deploy(weft, hookFlow('async', 'async', { respond: 'immediately' }));
    const res = await call('POST', '/hooks/async', { order: { id: 'O-2' } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ runId: expect.stringMatching(/^run_/), duplicate: false });
    expect(res.headers.get('weft-run-id')).toBe(res.body.runId);
    expect((await finished(weft, res.body.runId)).status).toBe('succeeded');
  });

  it('returns the first run for a repeated Idempotency-Key header', async () => {
    await deploy(weft, hookFlow('idem', 'idem', { respond: 'immediately' }));
    const first = await call('POST', '/hooks/idem', { order: { id: 'O-3' } }, { 'Idempotency-Key': 'evt-1' });
    const again = await call('POST', '/hooks/idem', { order: { id: 'O-3b' } }, { 'Idempotency-Key': 'evt-1' });
    expect(first.headers.get('weft-duplicate')).toBeNull();
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ runId: first.body.runId, duplicate: true });
    expect(again.headers.get('weft-duplicate')).toBe('true');
    expect(again.headers.get('weft-run-id')).toBe(first.body.runId);
    const other = await call('POST', '/hooks/idem', { order: { id: 'O-4' } }, { 'Idempotency-Key': 'evt-2' });
    expect(other.body.runId).not.toBe(first.body.runId);
    expect(await runCount()).toBe(2);
  });

  it("deduplicates by the trigger dedupe expression and answers a repeat with the first run's response", async () => {
    await deploy(weft, hookFlow('dedupe', 'dedupe', { dedupe: 'order.id' }));
    const first = await call('POST', '/hooks/dedupe', { order: { id: 'O-5', note: 'first' } });
    const again = await call('POST', '/hooks/dedupe', { order: { id: 'O-5', note: 'second' } });
    expect(first.status).toBe(201);
    expect(again.headers.get('weft-run-id')).toBe(first.headers.get('weft-run-id'));
    expect(again.headers.get('weft-duplicate')).toBe('true');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await weft.store.runs.run(first.headers.get('weft-run-id')!))!.dedupeKey).toBe('O-5');
    expect(await runCount()).toBe(1);
    expect((await call('POST', '/hooks/dedupe', { order: { id: 'O-6' } })).headers.get('weft-duplicate')).toBeNull();
    expect(await runCount()).toBe(2);
  });

  it('answers a dedupe expression that fails with 400 and starts no run', async () => {
    await deploy(weft, hookFlow('strict', 'strict', { dedupe: "$number('abc' & order.id)" }));
    const res = await call('POST', '/hooks/strict', { order: { id: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('expression_error');
    expect(await runCount()).toBe(0);
  });

  it('keeps a text body as text and serves GET webhooks with their query', async () => {
    await deploy(weft, hookFlow('text', 'text', { respond: 'immediately', accept: ['text/plain'] }));
    const text = await call('POST', '/hooks/text', 'name=Acme', { 'content-type': 'text/plain' });
    expect(text.status).toBe(202);
    expect(JSON.parse((await weft.store.runs.run(text.body.runId))!.trigger).body).toBe('name=Acme');

    await deploy(
      weft,
      flow('lookup', { in: n.webhook('lookup', { method: 'GET' }), reply: n.respond({ body: '=$trigger.query' }) }, [
        'in>reply',
      ]),
    );
    const got = await call('GET', '/hooks/lookup?customer=ACC-7');
    expect(got).toMatchObject({ status: 200, body: { customer: 'ACC-7' } });
  });

  it('serves a webhook whose path ends with "/" (the schema allows it)', async () => {
    await deploy(weft, hookFlow('slash', 'crm/won/'));
    const res = await call('POST', '/hooks/crm/won/', { order: { id: 'O-7' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('runs the example flow opportunity-won-to-erp end to end', async () => {
    const def = JSON.parse(readFileSync(new URL('../fixtures/opportunity-won-to-erp.json', import.meta.url), 'utf8'));
    def.nodes.find((x: { id: string }) => x.id === 'erp').config.url = `${stub.url}/projects`;
    stub.respond('/projects', { status: 201, body: { projectId: 'ERP-77' } });
    await deploy(weft, def);

    const won = await call('POST', '/hooks/opportunity-won', def.samples[0].payload);
    expect(won.status).toBe(201);
    expect(won.body).toEqual({
      projectCode: 'PRJ-OPP-1001',
      customerId: 'ACC-7',
      budget: 15800,
      currency: 'EUR',
      erp: { projectId: 'ERP-77' },
    });
    const sent = stub.calls('/projects');
    expect(sent).toHaveLength(1);
    expect(sent[0].idempotencyKey).toBe('PRJ-OPP-1001');
    expect(JSON.parse(sent[0].body)).toEqual({
      projectCode: 'PRJ-OPP-1001',
      customerId: 'ACC-7',
      budget: 15800,
      currency: 'EUR',
    });

    const rejected = await call('POST', '/hooks/opportunity-won', def.samples[1].payload);
    expect(rejected.status).toBe(422);
    // No lines: $sum yields nothing, so budget is missing and the rule fails too.
    expect(rejected.body.errors).toContainEqual({ path: '/', message: 'budget must be positive' });
    expect(rejected.body.errors).toContainEqual(expect.objectContaining({ path: '/budget', keyword: 'required' }));
    expect(stub.calls('/projects')).toHaveLength(1);
  });
});
