import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStub } from '../../test/support/http-stub.ts';
import { loopbackEgress } from '../../test/support/egress.ts';
import { until } from '../../test/support/poll.ts';
import { ManualClock } from '../engine/clock.ts';
import { createHttpClient } from '../engine/http-client.ts';
import type { Store } from '../store/ports.ts';
import { sharedStoreDialects, type Opened } from '../../test/support/store-dialects.ts';
import { DEFAULT_RETRY_AFTER_MAX_MS, GuardedHttp } from './guarded-http.ts';

const THRESHOLD = 3;

describe.each(sharedStoreDialects)(
  '$name: failures counted and 429 pauses kept by the processes of an installation together',
  (d) => {
    let inst: Opened<[Store, Store]>;
    let stub: HttpStub;
    const clock = new ManualClock();
    const http = createHttpClient({ egress: loopbackEgress() });
    let processes: [GuardedHttp, GuardedHttp];
    const fail = (err: Error) => {
      throw err;
    };
    const guard = (store: Store, tell: (key: string) => void) =>
      new GuardedHttp(http, {
        circuitFailures: THRESHOLD,
        circuitCooldownMs: 30_000,
        rateLimits: [],
        clock,
        maxQueueWaitMs: 60_000,
        shared: { store, tell, lost: fail },
      });

    beforeAll(async () => {
      if (d.skip) return;
      inst = await d.open();
      stub = await HttpStub.start();
      // Each process tells the other of what it changed, as the change feed does.
      processes = [
        guard(inst.sql[0], (key) => void processes[1].circuitsChanged(key)),
        guard(inst.sql[1], (key) => void processes[0].circuitsChanged(key)),
      ];
    });
    afterAll(async () => {
      await stub?.close();
      await http.close();
      await inst?.close();
    });

    const send = (p: GuardedHttp, path: string) =>
      p.request({ method: 'POST', url: stub.url + path, timeoutMs: 5000, guard: { key: path.slice(1) } });
    const circuitOf = (p: GuardedHttp, key: string) => p.status().circuits.find((c) => c.host === key);
    const pauseOf = (p: GuardedHttp, key: string) => p.status().rateLimits.find((l) => l.host === key);
    const [a, b] = [0, 1];

    it.skipIf(d.skip)(
      'opens the circuit for every process once their failures together reach the threshold',
      async () => {
        stub.respond('/erp', { status: 503 });
        expect((await send(processes[a], '/erp')).status).toBe(503);
        await until(() => circuitOf(processes[b], 'erp')?.consecutiveFailures === 1, 'process b told of the failure');
        expect((await send(processes[b], '/erp')).status).toBe(503);
        expect(circuitOf(processes[b], 'erp')).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
        expect((await send(processes[a], '/erp')).status).toBe(503);
        expect(circuitOf(processes[a], 'erp')).toMatchObject({ state: 'open', consecutiveFailures: 3 });
        await until(() => circuitOf(processes[b], 'erp')?.state === 'open', 'process b adopting the open circuit');
        await expect(send(processes[b], '/erp')).rejects.toMatchObject({ code: 'circuit_open' });
        expect(stub.calls('/erp')).toHaveLength(THRESHOLD);
      },
    );

    it.skipIf(d.skip)('opens it once for failures seen at the same time by both processes', async () => {
      stub.respond('/crm', { status: 502 });
      const answers = await Promise.all([a, b, a, b, a, b].map((i) => send(processes[i], '/crm').catch((e) => e)));
      const sent = stub.calls('/crm').length;
      expect(answers.filter((r) => r.status === 502)).toHaveLength(sent);
      expect(sent).toBeGreaterThanOrEqual(THRESHOLD);
      await until(
        () => processes.every((p) => circuitOf(p, 'crm')?.state === 'open'),
        'both processes holding the circuit open',
      );
      const [row] = await inst.sql[0].downstreams.circuits('crm');
      expect(row).toMatchObject({ failures: sent, nextTryAt: expect.any(Number) });
      expect(circuitOf(processes[a], 'crm')?.nextTryAt).toBe(row.nextTryAt);
      expect(circuitOf(processes[b], 'crm')?.nextTryAt).toBe(row.nextTryAt);
    });

    it.skipIf(d.skip)(
      'counts only consecutive failures: a success on either process starts the count again',
      async () => {
        stub.respond('/hr', { status: 503 });
        await send(processes[a], '/hr');
        // The first failure is told, so process b knows its success has a count to reset.
        await until(() => circuitOf(processes[b], 'hr')?.consecutiveFailures === 1, 'process b told of the failure');
        stub.respond('/hr', { status: 200 });
        expect((await send(processes[b], '/hr')).status).toBe(200);
        await until(async () => (await inst.sql[0].downstreams.circuits('hr')).length === 0, 'the count reset');
        stub.respond('/hr', { status: 503 });
        await send(processes[a], '/hr');
        await until(() => circuitOf(processes[b], 'hr')?.consecutiveFailures === 1, 'process b told again');
        await send(processes[b], '/hr');
        expect(circuitOf(processes[b], 'hr')).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
        stub.respond('/hr', { status: 200 });
        await send(processes[a], '/hr');
        await until(async () => (await inst.sql[1].downstreams.circuits('hr')).length === 0, 'the count reset again');
        stub.respond('/hr', { status: 503 });
        await send(processes[b], '/hr');
        await until(() => circuitOf(processes[a], 'hr')?.consecutiveFailures === 1, 'process a told of the failure');
        await send(processes[a], '/hr');
        expect(circuitOf(processes[a], 'hr')).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
        expect(await inst.sql[0].downstreams.circuits('hr')).toEqual([expect.objectContaining({ failures: 2 })]);
      },
    );

    it.skipIf(d.skip)('writes nothing for a success on a downstream whose count is zero', async () => {
      stub.respond('/ok', { status: 200 });
      const written = () => inst.sql.map((s) => s.commits.transactions);
      const before = written();
      for (let i = 0; i < 10; i++) await send(processes[i % 2], '/ok');
      expect(written()).toEqual(before);

      // After a failure, the first success resets the count and the next ones write nothing again.
      stub.respond('/ok', { status: 500 });
      await send(processes[a], '/ok');
      stub.respond('/ok', { status: 200 });
      await send(processes[a], '/ok');
      await until(async () => (await inst.sql[0].downstreams.circuits('ok')).length === 0, 'the count reset');
      const reset = written();
      for (let i = 0; i < 10; i++) await send(processes[a], '/ok');
      expect(written()).toEqual(reset);
    });

    it.skipIf(d.skip)(
      "holds every process's requests to a host that answered 429, until its Retry-After has passed",
      async () => {
        stub.respond('/busy', { status: 429, headers: { 'retry-after': '30' } });
        expect((await send(processes[a], '/busy')).status).toBe(429);
        const until30s = clock.now() + 30_000;
        await until(() => pauseOf(processes[b], 'busy')?.pausedUntil === until30s, 'process b adopting the pause');

        stub.respond('/busy', { status: 200 });
        const waiting = send(processes[b], '/busy');
        expect(pauseOf(processes[b], 'busy')).toMatchObject({ waiting: 1 });
        await clock.advanceSettled(29_999);
        expect(pauseOf(processes[b], 'busy')).toMatchObject({ waiting: 1 });
        expect(stub.calls('/busy')).toHaveLength(1);
        await clock.advanceSettled(1);
        expect((await waiting).status).toBe(200);
        expect(stub.calls('/busy')).toHaveLength(2);
      },
    );

    it.skipIf(d.skip)('holds the step instead when the pause is longer than a request may wait', async () => {
      stub.respond('/slow', { status: 429, headers: { 'retry-after': '120' } });
      await send(processes[a], '/slow');
      await until(() => pauseOf(processes[b], 'slow')?.pausedUntil, 'process b adopting the pause');
      await expect(send(processes[b], '/slow')).rejects.toMatchObject({
        code: 'circuit_open',
        message: expect.stringContaining('slow asked to wait (429 Retry-After)'),
      });
      // A process started later finds the pause in the store.
      const later = guard(inst.sql[1], () => {});
      await later.circuitsChanged(null);
      expect(pauseOf(later, 'slow')?.pausedUntil).toBe(pauseOf(processes[b], 'slow')?.pausedUntil);
      expect(stub.calls('/slow')).toHaveLength(1);
    });

    it.skipIf(d.skip)('honours a Retry-After only up to the longest wait allowed', async () => {
      stub.respond('/far', { status: 429, headers: { 'retry-after': '86400' } });
      await expect(send(processes[a], '/far')).rejects.toMatchObject({ code: 'rate_limited' });
      const capped = clock.now() + DEFAULT_RETRY_AFTER_MAX_MS;
      await until(() => pauseOf(processes[b], 'far')?.pausedUntil === capped, 'process b adopting the capped pause');

      // A pause written longer than this process allows is held only as long as it allows.
      await inst.sql[0].write((tx) => tx.downstreams.pauseTurns('forever', clock.now() + 86_400_000));
      await processes[b].circuitsChanged('forever');
      expect(pauseOf(processes[b], 'forever')?.pausedUntil).toBe(clock.now() + DEFAULT_RETRY_AFTER_MAX_MS);
    });
  },
);
