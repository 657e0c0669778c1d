import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../support/runtime-process.ts';
import { CrashTarget } from '../support/crash-target.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { eventually } from '../support/poll.ts';
import { rows } from '../support/rows.ts';
import { ChangesPeer, pollFlow } from './changes-peer.ts';

const RECORDS = 200;
const KILLS = 2;
const SEED = 20261204;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('trigger.poll under kill -9', () => {
  let peer: ChangesPeer | undefined;
  let target: CrashTarget | undefined;
  afterAll(async () => {
    await target?.close();
    await peer?.close();
  });

  it('200 records changing while polling, killed at random moments: every version served starts exactly one run', async () => {
    const random = seededRandom(SEED);
    peer = await ChangesPeer.start();
    const base = Date.UTC(2026, 2, 1);
    // Four records share each change time, so pages end inside ties.
    for (let i = 0; i < RECORDS; i++) peer.change(`te-${String(i).padStart(3, '0')}`, base + Math.floor(i / 4));
    target = await CrashTarget.start('poll-kill');
    const t = target;
    const conn = { id: 'psa', name: 'PSA', baseUrl: peer.url, auth: { type: 'none' } };
    expect((await api(t.url, 'POST', '/api/connections', conn)).status).toBe(201);
    const def = pollFlow('kill', { intervalMs: 100, limit: 25, maxPages: 20 });
    expect((await api(t.url, 'POST', '/api/flows', def)).status).toBe(201);
    const pub = await api<{ version: number }>(t.url, 'POST', '/api/flows/kill/publish', {});
    expect(pub.status, JSON.stringify(pub.body)).toBe(201);
    const act = await api(t.url, 'POST', '/api/flows/kill/activate', { version: pub.body.version });
    expect(act.status, JSON.stringify(act.body)).toBe(200);

    for (let k = 0; k < KILLS; k++) {
      // Records change while the runtime polls; then kill -9 at a random moment and start it again.
      const until = Date.now() + 300 + Math.floor(random() * 900);
      while (Date.now() < until) {
        const ids = new Set<string>();
        for (let n = 1 + Math.floor(random() * 4); n > 0; n--)
          ids.add(`te-${String(Math.floor(random() * RECORDS)).padStart(3, '0')}`);
        peer.changeTogether([...ids]);
        await pause(10 + Math.floor(random() * 30));
      }
      await t.restart();
    }

    // The system stops changing: the cursor reaches its last record once every run before it is stored.
    const last = [...peer.records.values()].sort((a, b) =>
      a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.id < b.id ? -1 : 1,
    )[RECORDS - 1]!;
    const live = t.rt;
    await eventually(
      async () => {
        const r = await api<{ cursor: { since: string; afterId: string } }>(
          live.url,
          'GET',
          '/api/flows/kill/triggers/poll/cursor',
        );
        return r.body.cursor?.since === last.updatedAt && r.body.cursor.afterId === last.id;
      },
      `the cursor to reach the last change (${last.updatedAt}, ${last.id})`,
      20_000,
    ).catch((err) => {
      throw new Error(`${(err as Error).message}; ${peer!.served.size} served; output:\n${live.output().slice(-3000)}`);
    });
    const weft = await t.open();
    try {
      const found = await rows<{ key: string | null }>(
        weft,
        'SELECT d.key AS key FROM runs r LEFT JOIN trigger_dedupe d ON d.run_id = r.id WHERE r.flow_id = ?',
        ['kill'],
      );
      const keys = found.map((r) => r.key ?? '(no key)').sort();
      const served = peer.servedKeys();
      const current = [...peer.records.values()].map((r) => `poll:poll:${r.id}:${r.version}`);
      console.log(`poll kill test: ${served.length} versions served, ${keys.length} runs, ${KILLS} kills`);
      expect(new Set(keys).size, 'no record version starts two runs').toBe(keys.length);
      expect(keys, 'one run per version served, none missed').toEqual(served);
      expect(
        current.filter((k) => !keys.includes(k)),
        'every final version has its run',
      ).toEqual([]);
    } finally {
      await weft.close();
    }
  }, 90_000);
});
