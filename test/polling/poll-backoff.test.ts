import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/engine/clock.ts';
import type { Weft } from '../../runtime/weft.ts';
import { deploy, testWeft } from '../support/weft.ts';
import { until } from '../support/poll.ts';
import { ChangesPeer, pollFlow } from './changes-peer.ts';

describe('trigger.poll backoff', () => {
  let peer: ChangesPeer | undefined;
  let weft: Weft | undefined;
  afterEach(async () => {
    await weft?.close();
    await peer?.close();
  });

  it('waits one, two, four intervals after failures, then the interval again; none after stop', async () => {
    peer = await ChangesPeer.start();
    peer.change('b-1');
    peer.failNext = 3;
    const clock = new ManualClock();
    weft = await testWeft({ clock });
    await weft.connections.create({ id: 'psa', name: 'PSA', baseUrl: peer.url, auth: { type: 'none' } }, null);
    await deploy(weft, pollFlow('backoff', { intervalMs: 1000 }));
    const asked = () => peer!.requests;
    await clock.advanceSettled(0);
    expect(asked()).toBe(1);
    for (const [wait, after] of [
      [1000, 2],
      [2000, 3],
      [4000, 4],
      [1000, 5],
    ] as const) {
      await clock.advanceSettled(wait - 1);
      expect(asked(), `no request before ${wait} ms`).toBe(after - 1);
      await clock.advanceSettled(1);
      expect(asked(), `a request after ${wait} ms`).toBe(after);
    }
    await until(async () => (await weft!.store.pollCursors.get('backoff', 'poll')) !== null, 'the cursor stored');
    await weft.triggers.stop();
    await clock.advanceSettled(10_000);
    expect(asked(), 'no poll after stop').toBe(5);
  });
});
