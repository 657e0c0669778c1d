import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDialects as dialects, type Opened } from '../../../test/support/store-dialects.ts';
import type { Sql } from '../sql.ts';
import type { NewRun } from '../run-store.ts';
import { SqlRunStore } from './runs.ts';
import { newRun } from '../../../test/support/new-run.ts';

const T0 = Date.UTC(2026, 2, 1);

const run = (id: string, o: Partial<NewRun> = {}): NewRun => newRun(id, T0, o);

for (const d of dialects)
  describe.skipIf(d.skip)(`admission of waiting runs on ${d.name}`, () => {
    let opened: Opened<Sql>;
    let runs: SqlRunStore;

    beforeAll(async () => {
      opened = await d.open();
      runs = new SqlRunStore(opened.sql);
    });
    afterAll(() => opened.close());

    const admittedAt = async (id: string) => (await runs.run(id))?.admittedAt ?? null;

    it("admits runs in order up to the flow's concurrency, counting the runs admitted before (not those ended)", async () => {
      for (const id of ['run_c1', 'run_c2', 'run_c3', 'run_c4', 'run_c5'])
        await runs.insertRun(run(id, { flowId: 'capped' }));
      await runs.insertRun(run('run_c0', { flowId: 'capped', admittedAt: T0 }));
      await runs.insertRun(run('run_cx', { flowId: 'capped', admittedAt: T0, finishedAt: T0, status: 'succeeded' }));
      const waiting = ['run_c1', 'run_c2', 'run_c3'].map((id) => ({ id, orderKey: null, concurrency: 3 }));
      expect(await runs.admit('capped', waiting, T0 + 5)).toEqual(['run_c1', 'run_c2']);
      expect([await admittedAt('run_c1'), await admittedAt('run_c2'), await admittedAt('run_c3')]).toEqual([
        T0 + 5,
        T0 + 5,
        null,
      ]);
      // A run admitted before and waiting again (resumed) does not count against itself.
      await runs.finishRun('run_c1', 'succeeded', null, null, T0 + 6);
      const again = [
        { id: 'run_c2', orderKey: null, concurrency: 3 },
        { id: 'run_c3', orderKey: null, concurrency: 3 },
        { id: 'run_c4', orderKey: null, concurrency: 3 },
      ];
      expect(await runs.admit('capped', again, T0 + 7)).toEqual(['run_c2', 'run_c3']);
      expect(await admittedAt('run_c4')).toBeNull();
    });

    it('admits the first unfinished run of each ordering key only, an earlier one of the same key being admitted in the same look', async () => {
      await runs.insertRun(run('run_k1', { flowId: 'keyed', orderKey: 'A', admittedAt: T0 }));
      for (const [id, key] of [
        ['run_k2', 'A'],
        ['run_k3', 'B'],
        ['run_k4', 'B'],
        ['run_k5', 'C'],
      ])
        await runs.insertRun(run(id, { flowId: 'keyed', orderKey: key }));
      const waiting = [
        { id: 'run_k2', orderKey: 'A' },
        { id: 'run_k3', orderKey: 'B' },
        { id: 'run_k4', orderKey: 'B' },
        { id: 'run_k5', orderKey: 'C' },
      ];
      expect(await runs.admit('keyed', waiting, T0 + 1)).toEqual(['run_k3', 'run_k5']);
      await runs.finishRun('run_k1', 'succeeded', null, null, T0 + 2);
      await runs.finishRun('run_k3', 'succeeded', null, null, T0 + 2);
      const left = [waiting[0], waiting[2]];
      expect(await runs.admit('keyed', left, T0 + 3)).toEqual(['run_k2', 'run_k4']);
      // Keys and a limit together: the limit counts the admitted runs of every key.
      expect(
        await runs.admit(
          'keyed',
          [
            { id: 'run_k2', orderKey: 'A', concurrency: 2 },
            { id: 'run_k4', orderKey: 'B', concurrency: 2 },
          ],
          T0 + 4,
        ),
      ).toEqual(['run_k2']);
    });
  });
