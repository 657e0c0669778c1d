import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { testWeft, deploy, start } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';
import { SlowPeer } from '../../test/support/slow-peer.ts';

let weft: Weft;
let peer: SlowPeer;
beforeAll(async () => {
  peer = await new SlowPeer().start();
  weft = await testWeft();
});
afterAll(async () => {
  await weft.close(1000);
  await peer.close();
});

/** The status of each run, in order. */
async function statuses(weft: Weft, ids: string[]): Promise<string[]> {
  return (await Promise.all(ids.map((id) => weft.store.runs.run(id)))).map((r) => r?.status ?? 'missing');
}

function shuffled<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe('run ordering and concurrency (flow settings)', () => {
  it('1,000 events over 20 keys, shuffled: per key, processed in arrival order; keys run side by side', async () => {
    // A first call of random length lets a later run of a key reach /post before an earlier one — unless runs are ordered.
    const def = {
      ...flow('ordered', { in: n.manual(), pre: n.http(`${peer.url}/pre`), send: n.http(`${peer.url}/post`) }, [
        'in>pre',
        'pre>send',
      ]),
      settings: { orderingKey: 'key' },
    };
    const plan = await deploy(weft, def);
    const events = shuffled(Array.from({ length: 1000 }, (_, i) => ({ key: `K${i % 20}` }))).map((e, seq) => ({
      ...e,
      seq,
    }));
    const ids: string[] = [];
    for (const e of events) ids.push((await start(weft, plan, e)).runId);
    await until(
      async () => (await statuses(weft, ids)).every((s) => s !== 'running'),
      'all 1,000 runs to finish',
      60_000,
    );

    expect((await statuses(weft, ids)).filter((s) => s !== 'succeeded')).toEqual([]);
    expect(peer.received).toHaveLength(1000);
    const perKey = new Map<string, number[]>();
    for (const r of peer.received) perKey.set(r.key, [...(perKey.get(r.key) ?? []), r.seq]);
    expect(perKey.size).toBe(20);
    for (const [key, seqs] of perKey) expect(seqs, `order of ${key}`).toEqual([...seqs].sort((a, b) => a - b));
    expect(peer.maxInFlight, 'different keys ran side by side').toBeGreaterThan(1);
    console.log(`ordering: 1000 runs over 20 keys; at most ${peer.maxInFlight} calls in flight`);
  }, 90_000);

  it('concurrency caps the runs of a flow executing at once; the others wait their turn', async () => {
    peer.maxInFlight = 0;
    const plan = await deploy(weft, {
      ...flow('capped', { in: n.manual(), send: n.http(`${peer.url}/post`) }, ['in>send']),
      settings: { concurrency: 2 },
    });
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await start(weft, plan, { key: 'c', seq: i })).runId);
    expect(weft.engine.waitingRuns('capped')).toBeGreaterThan(0);
    await until(
      async () => (await statuses(weft, ids)).every((s) => s === 'succeeded'),
      'the capped runs to finish',
      30_000,
    );
    expect(peer.maxInFlight).toBeLessThanOrEqual(2);
    expect(weft.engine.waitingRuns('capped')).toBe(0);
  });

  it('an ordering key that does not parse is a problem of the flow', async () => {
    const res = await weft.flows.create({
      ...flow('bad-key', { in: n.manual(), m: n.map('$') }, ['in>m']),
      settings: { orderingKey: 'timeEntry.(' },
    });
    expect(await weft.flows.validate(res.definition.id)).toEqual([
      expect.objectContaining({ code: 'expression_syntax', path: 'settings.orderingKey' }),
    ]);
  });
});
