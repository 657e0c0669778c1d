import { describe, it, expect, afterEach } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { ManualClock } from '../../runtime/engine/clock.ts';
import { testWeft } from '../support/weft.ts';
import { client } from '../support/api.ts';

let weft: Weft;
afterEach(() => weft.close(100));

const down = { request: async () => ({ status: 503, headers: {}, body: '' }) };
const post = (url: string) =>
  weft.guard!.request({ method: 'POST', url, timeoutMs: 1000 }).catch((err: unknown) => err);

describe('API: circuits', () => {
  it('shows each host seen with its circuit, and each configured host with its rate limit', async () => {
    const clock = new ManualClock();
    weft = await testWeft({
      clock,
      http: down,
      config: {
        circuitFailures: 2,
        circuitCooldownMs: 60_000,
        rateLimits: [{ host: 'erp.example.com', limit: 10, intervalMs: 1000 }],
      },
    });
    const call = client(weft);
    expect((await call('GET', '/api/circuits')).body.circuits).toEqual([]);

    await post('http://crm.example.com:8443/accounts');
    await post('http://crm.example.com:8443/accounts');
    await post('http://erp.example.com/orders');
    expect(await post('http://crm.example.com:8443/accounts')).toMatchObject({ code: 'circuit_open' });

    const res = await call('GET', '/api/circuits');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      circuits: [
        {
          host: 'crm.example.com:8443',
          state: 'open',
          consecutiveFailures: 2,
          openedAt: clock.now(),
          nextTryAt: clock.now() + 60_000,
          lastError: 'POST crm.example.com:8443 answered 503',
        },
        {
          host: 'erp.example.com',
          state: 'closed',
          consecutiveFailures: 1,
          openedAt: null,
          nextTryAt: null,
          lastError: 'POST erp.example.com answered 503',
        },
      ],
      rateLimits: [{ host: 'erp.example.com', limit: 10, intervalMs: 1000, waiting: 0, pausedUntil: null }],
    });

    clock.advance(60_000);
    expect((await call('GET', '/api/circuits')).body.circuits[0].state).toBe('half_open');
  });

  it('is empty when the guard is off, and described in the OpenAPI document', async () => {
    weft = await testWeft({ http: down, guard: false });
    const call = client(weft);
    expect((await call('GET', '/api/circuits')).body).toEqual({ circuits: [], rateLimits: [] });
    const doc = (await call('GET', '/api/openapi.json')).body;
    expect(doc.paths['/circuits'].get.responses['200']).toEqual({
      description: 'Circuits and rate limits',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Circuits' } } },
    });
    expect(doc.components.schemas.Circuits).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['circuits', 'rateLimits']),
    });
  });
});
