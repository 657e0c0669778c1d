import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStub } from '../../test/support/http-stub.ts';
import { loopbackEgress } from '../../test/support/egress.ts';
import { until } from '../../test/support/poll.ts';
import { ManualClock } from '../engine/clock.ts';
import { createHttpClient } from '../engine/http-client.ts';
import type { Store } from '../store/ports.ts';
import { sharedStoreDialects, type Opened } from '../../test/support/store-dialects.ts';
import { GuardedHttp } from './guarded-http.ts';

const RATE = { limit: 2, intervalMs: 10_000 };

describe.each(sharedStoreDialects)(
  '$name: rate limits and circuits shared by the processes of an installation',
  (d) => {
    let inst: Opened<[Store, Store]>;
    let stub: HttpStub;
    const clock = new ManualClock();
    const http = createHttpClient({ egress: loopbackEgress() });
    let processes: [GuardedHttp, GuardedHttp];

    beforeAll(async () => {
      if (d.skip) return;
      inst = await d.open();
      stub = await HttpStub.start();
      // Each process tells the other of a circuit it opened or closed, as the change feed does.
      const told: ((key: string) => void)[] = [];
      const guard = (store: Store, i: number) =>
        new GuardedHttp(http, {
          circuitFailures: 2,
          circuitCooldownMs: 30_000,
          rateLimits: [],
          clock,
          maxQueueWaitMs: 60_000,
          shared: {
            store,
            tell: (key) => told[1 - i](key),
            lost: (err) => {
              throw err;
            },
          },
        });
      processes = [guard(inst.sql[0], 0), guard(inst.sql[1], 1)];
      told.push(
        (key) => void processes[0].circuitsChanged(key),
        (key) => void processes[1].circuitsChanged(key),
      );
    });
    afterAll(async () => {
      await stub?.close();
      await http.close();
      await inst?.close();
    });

    const call = (p: GuardedHttp, path: string, guardKey: string) =>
      p.request({
        method: 'POST',
        url: stub.url + path,
        timeoutMs: 5000,
        guard: { key: guardKey, rateLimit: RATE },
      });

    it.skipIf(d.skip)(
      'lets `limit` requests per interval reach a connection from both processes together',
      async () => {
        const answers = [0, 1, 0, 1, 0, 1].map((i) => call(processes[i], '/limited', 'conn_erp'));
        await stub.waitForCalls('/limited', 2);
        await clock.advanceSettled(0);
        expect(stub.calls('/limited')).toHaveLength(2);
        await clock.advanceSettled(RATE.intervalMs);
        await stub.waitForCalls('/limited', 4);
        expect(stub.calls('/limited')).toHaveLength(4);
        await clock.advanceSettled(RATE.intervalMs);
        await Promise.all(answers);
        expect(stub.calls('/limited')).toHaveLength(6);
        const waiting = processes.map((p) => p.status().rateLimits.find((l) => l.host === 'conn_erp'));
        expect(waiting).toEqual([
          expect.objectContaining({ limit: 2, waiting: 0 }),
          expect.objectContaining({ limit: 2, waiting: 0 }),
        ]);
      },
    );

    it.skipIf(d.skip)('holds a request whose shared turn is further off than the longest wait', async () => {
      const key = 'conn_busy';
      const slow = { limit: 1, intervalMs: 120_000 };
      const send = (p: GuardedHttp) =>
        p.request({ method: 'POST', url: `${stub.url}/busy`, timeoutMs: 5000, guard: { key, rateLimit: slow } });
      await send(processes[0]);
      await expect(send(processes[1])).rejects.toMatchObject({
        code: 'circuit_open',
        message: expect.stringContaining('rate limit for conn_busy (1 per 120000 ms)'),
      });
      expect(stub.calls('/busy')).toHaveLength(1);
    });

    it.skipIf(d.skip)(
      'opens a circuit on every process when one finds the downstream failing, and closes it on all after a good probe',
      async () => {
        stub.respond('/down', { status: 503 });
        const key = 'conn_down';
        const send = (p: GuardedHttp) =>
          p.request({ method: 'POST', url: `${stub.url}/down`, timeoutMs: 5000, guard: { key } });
        expect((await send(processes[0])).status).toBe(503);
        expect((await send(processes[0])).status).toBe(503);
        const openOn = (p: GuardedHttp) => p.status().circuits.find((c) => c.host === key)?.state;
        await until(() => openOn(processes[1]) === 'open', 'the second process adopting the open circuit');
        await expect(send(processes[1])).rejects.toMatchObject({ code: 'circuit_open' });
        expect(stub.calls('/down')).toHaveLength(2);

        stub.respond('/down', { status: 200 });
        await clock.advanceSettled(30_000);
        expect((await send(processes[1])).status).toBe(200);
        await until(() => openOn(processes[0]) === 'closed', 'the first process adopting the closed circuit');
        expect((await send(processes[0])).status).toBe(200);
        expect(await inst.sql[0].downstreams.circuits()).toEqual([]);
      },
    );
  },
);
