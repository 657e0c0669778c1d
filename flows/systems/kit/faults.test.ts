import { afterEach, describe, expect, it } from 'vitest';
import { createSampleSystems, startSampleSystems, type StartedSampleSystems } from '../index.ts';
import { call, fakeClock } from '../testing.ts';

const accounts = '/erp/api/customers';

describe('fault injection', () => {
  it('GET/PUT/DELETE /admin/faults reads, merges and clears', async () => {
    const { app } = createSampleSystems();
    expect((await call(app, 'GET', '/psa/admin/faults')).body).toMatchObject({
      errorRate: 0,
      failNext: 0,
      retryAfterSeconds: 1,
      downUntil: null,
    });
    await call(app, 'PUT', '/psa/admin/faults', { failNext: 2 });
    const merged = await call(app, 'PUT', '/psa/admin/faults', { latencyMs: 5 });
    expect(merged.body).toMatchObject({ failNext: 2, latencyMs: 5 });
    expect((await call(app, 'DELETE', '/psa/admin/faults')).body).toMatchObject({ failNext: 0, latencyMs: 0 });
    const bad = await call(app, 'PUT', '/psa/admin/faults', { errorRate: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('errorRate');
  });

  it('errorRate answers 500 when random() falls under it', async () => {
    const draws = [0.1, 0.9];
    const { app } = createSampleSystems({ random: () => draws.shift() ?? 0.99 });
    await call(app, 'PUT', '/erp/admin/faults', { errorRate: 0.5 });
    expect((await call(app, 'GET', accounts)).status).toBe(500);
    expect((await call(app, 'GET', accounts)).status).toBe(200);
  });

  it('latencyMs delays the answer', async () => {
    const { app } = createSampleSystems();
    await call(app, 'PUT', '/erp/admin/faults', { latencyMs: 30 });
    const t0 = performance.now();
    expect((await call(app, 'GET', accounts)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });

  it('downForMs answers 503 with Retry-After until the injected clock passes it', async () => {
    const clock = fakeClock();
    const { app } = createSampleSystems({ now: clock.now });
    const set = await call(app, 'PUT', '/erp/admin/faults', { downForMs: 10_000 });
    expect(set.body.downUntil).toBe(clock.t + 10_000);
    const down = await call(app, 'GET', accounts);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('10');
    expect(down.body.error.code).toBe('unavailable');
    expect((await call(app, 'GET', '/erp/admin/stats')).status).toBe(200); // admin is never faulted
    clock.advance(10_000);
    expect((await call(app, 'GET', accounts)).status).toBe(200);
  });

  it('failNext answers 500 for exactly N requests', async () => {
    const { app } = createSampleSystems();
    await call(app, 'PUT', '/clm/admin/faults', { failNext: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await call(app, 'GET', '/clm/api/contracts')).status);
    expect(codes).toEqual([500, 500, 200]);
  });

  it('status429Next answers 429 with the configured Retry-After', async () => {
    const { app } = createSampleSystems();
    await call(app, 'PUT', '/billing/admin/faults', { status429Next: 1, retryAfterSeconds: 7 });
    const limited = await call(app, 'GET', '/billing/api/invoices');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await call(app, 'GET', '/billing/api/invoices')).status).toBe(200);
  });

  it('dropNext without a socket rejects the in-process request like a network error', async () => {
    const { app } = createSampleSystems();
    await call(app, 'PUT', '/erp/admin/faults', { dropNext: 1 });
    await expect(app.request(accounts)).rejects.toThrow(/connection dropped/);
    expect((await call(app, 'GET', accounts)).status).toBe(200);
  });

  describe('on a real socket', () => {
    let sys: StartedSampleSystems | undefined;
    afterEach(async () => sys?.close());

    it('dropNext destroys the connection without an answer, then serves again', async () => {
      sys = await startSampleSystems({ port: 0 });
      await fetch(`${sys.url}/erp/admin/faults`, { method: 'PUT', body: JSON.stringify({ dropNext: 1 }) });
      await expect(fetch(`${sys.url}${accounts}`)).rejects.toThrow();
      const ok = await fetch(`${sys.url}${accounts}`);
      expect(ok.status).toBe(200);
      expect((await ok.json()).customers[0].customerNo).toBe('C-1');
      expect(sys.state.erp.faults.dropNext).toBe(0);
    });
  });
});
