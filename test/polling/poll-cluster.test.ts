import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { deploy, testWeft } from '../support/weft.ts';
import { freshPostgres, type FreshPostgres } from '../support/postgres.ts';
import { until } from '../support/poll.ts';
import { rows } from '../support/rows.ts';
import { ChangesPeer, pollFlow } from './changes-peer.ts';

describe('trigger.poll on two processes of one PostgreSQL database', () => {
  let peer: ChangesPeer | undefined;
  let db: FreshPostgres | undefined;
  const wefts: Weft[] = [];
  afterEach(async () => {
    for (const w of wefts.splice(0)) await w.close();
    await peer?.close();
    await db?.drop();
  });

  it('starts each record version once, while both poll and the records change', async () => {
    peer = await ChangesPeer.start();
    for (let i = 0; i < 60; i += 3) peer.changeTogether([`p-${i}`, `p-${i + 1}`, `p-${i + 2}`]);
    db = await freshPostgres({ migrated: true });
    const config = { databaseUrl: db.url };
    const a = await testWeft({ config });
    wefts.push(a);
    const b = await testWeft({ config });
    wefts.push(b);
    await a.connections.create({ id: 'psa', name: 'PSA', baseUrl: peer.url, auth: { type: 'none' } }, null);
    await deploy(a, pollFlow('both', { limit: 4 }));
    await b.triggers.refresh();
    for (let round = 0; round < 10; round++) {
      const before = peer.requests;
      await until(() => peer!.requests >= before + 4, `both processes polling (round ${round})`, 5000);
      peer.changeTogether([`p-${round * 5}`, `p-${round * 5 + 1}`]);
      peer.change(`p-${round}`);
    }
    const last = [...peer.records.values()].sort((x, y) =>
      x.updatedAt < y.updatedAt ? -1 : x.updatedAt > y.updatedAt ? 1 : x.id < y.id ? -1 : 1,
    )[59]!;
    const want = JSON.stringify({ since: last.updatedAt, afterId: last.id });
    await until(
      async () => (await a.store.pollCursors.get('both', 'poll'))?.cursor === want,
      `the cursor at the last change ${want}`,
      10_000,
    );
    const found = await rows<{ key: string | null }>(
      a,
      'SELECT d.key AS key FROM runs r LEFT JOIN trigger_dedupe d ON d.run_id = r.id WHERE r.flow_id = ?',
      ['both'],
    );
    const keys = found.map((r) => r.key ?? '(no key)').sort();
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(peer.servedKeys());
    for (const r of peer.records.values()) expect(keys).toContain(`poll:poll:${r.id}:${r.version}`);
  });
});
