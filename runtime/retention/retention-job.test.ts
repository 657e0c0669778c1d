import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { ManualClock } from '../engine/clock.ts';
import { defaultConfig } from '../config.ts';
import { testWeft, deploy, start, finished } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { eventually } from '../../test/support/poll.ts';
import { execute } from '../../test/support/rows.ts';

const MIN = 60_000;
let weft: Weft | undefined;
afterEach(async () => {
  await weft?.close(0).catch(() => {});
  weft = undefined;
});

describe('background prune', () => {
  it('runs every WEFT_RETENTION_INTERVAL_MIN minutes on the engine clock, and not after it stopped', async () => {
    const clock = new ManualClock();
    // A lease longer than the clock is moved here: the worker is not taken for frozen.
    weft = await testWeft({ clock, config: { retentionIntervalMin: 30, leaseMs: 24 * 3_600_000 } });
    const w = weft;
    const plan = await deploy(w, flow('daily', { in: n.manual(), out: n.map('$') }, ['in>out']));
    await w.retention.setPolicy('*', { days: 1, keepSuccessPayloads: true }, { kind: 'token', id: 't1', name: 'ops' });
    const oldRun = async () => {
      const { runId } = await start(w, plan, { x: 1 });
      await finished(w, runId);
      await execute(w, 'UPDATE runs SET created_at = ?, finished_at = ? WHERE id = ?', [
        clock.now() - 3 * 86_400_000,
        clock.now() - 3 * 86_400_000,
        runId,
      ]);
      return runId;
    };
    const prunes = async () => (await w.audit.list({ action: 'retention.pruned' })).length;
    const prunesReach = (n: number, what: string) => eventually(async () => (await prunes()) === n, what, 5000, 2);

    // A prune after 29 minutes would have deleted the old run and been recorded then; the one prune
    // recorded, once the 30 minutes are up, started at the 30th minute.
    const armedAt = clock.now();
    const first = await oldRun();
    clock.advance(29 * MIN);
    clock.advance(1 * MIN);
    await prunesReach(1, 'the first background prune');
    expect(await w.store.runs.run(first)).toBeUndefined();
    expect(await w.audit.list({ action: 'retention.pruned' })).toEqual([
      expect.objectContaining({
        actorKind: null,
        actorName: null,
        detail: expect.objectContaining({ by: null, runsDeleted: 1, startedAt: armedAt + 30 * MIN }),
      }),
    ]);

    const second = await oldRun();
    clock.advance(30 * MIN);
    await prunesReach(2, 'the second background prune');
    expect(await w.store.runs.run(second)).toBeUndefined();

    await w.retention.stop();
    const third = await oldRun();
    clock.advance(120 * MIN);
    // Prunes run one after another: a prune asked for now ends after any the job would have started.
    const asked = await w.retention.prune({ kind: 'token', id: 't1', name: 'ops' });
    expect(asked).toMatchObject({ by: 'ops', runsDeleted: 0, complete: false });
    expect(await w.store.runs.run(third)).toMatchObject({ id: third, status: 'succeeded' });
    expect(await prunes()).toBe(2);
  });

  it('WEFT_RETENTION_INTERVAL_MIN: default 60, 0 turns the job off', () => {
    expect(defaultConfig({}).retentionIntervalMin).toBe(60);
    expect(defaultConfig({ WEFT_RETENTION_INTERVAL_MIN: '0' }).retentionIntervalMin).toBe(0);
    expect(() => defaultConfig({ WEFT_RETENTION_INTERVAL_MIN: 'hourly' })).toThrow(
      /WEFT_RETENTION_INTERVAL_MIN must be a whole number/,
    );
    expect(defaultConfig({ WEFT_VACUUM_CONVERT_MAX_MB: '2' }).vacuumConvertMaxBytes).toBe(2 * 1024 * 1024);
  });
});
