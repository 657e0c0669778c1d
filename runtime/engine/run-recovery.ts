import { toErrorShape } from '../../shared/errors.ts';
import type { RunRow } from '../store/run-store.ts';
import type { EngineCore } from './engine-core.ts';
import { countRestarts } from './poison.ts';
import { compensate, forget, resume } from './run-lifecycle.ts';
import { loadRunState } from './run-loader.ts';
import type { RunState } from './run-state.ts';
import { resumeCalls } from './sub-flows.ts';

/**
 * Runs this worker picks up from the store: at start, those left unfinished by a stopped worker; at
 * every lease renewal, those of workers whose lease ran out (leases.ts).
 */

/** At start: claims and continues every unfinished run no live worker holds. */
export async function adoptUnfinished(core: EngineCore): Promise<void> {
  const runs = core.store.runs;
  for (const row of await runs.runsWithStatus('compensating'))
    if (await core.leases.claim(row.id)) await adopt(core, row);
  for (const row of await runs.runsWithStatus('running'))
    if (!core.active.has(row.id) && (await core.leases.claim(row.id))) await adopt(core, row);
  // Sub-flow runs that finished while their caller's process was down hand their result over now.
  for (const rs of [...core.active.values()]) resumeCalls(core, rs);
}

/** Every lease period: runs of workers that are gone are taken over; runs taken from this one are let go. */
export async function takeOver(core: EngineCore, lost: boolean): Promise<void> {
  if (core.stopping) return;
  if (lost) for (const rs of [...core.active.values()]) if (!(await core.leases.owns(rs.id))) forget(core, rs);
  for (const id of await core.leases.orphans()) {
    if (core.active.has(id)) continue;
    const row = await core.store.runs.run(id);
    if (!row || core.active.has(id) || !(await core.leases.claim(id))) continue;
    core.logger.info('taking over a run whose worker is gone', { runId: id, from: row.owner ?? null });
    await adopt(core, row);
    const rs = core.active.get(id);
    if (rs) resumeCalls(core, rs);
  }
  core.scheduler.wake(core.clock.now());
}

/** Continues a run this worker has just claimed: compensations go on, test runs end, live runs resume. */
async function adopt(core: EngineCore, row: RunRow): Promise<void> {
  const store = core.store;
  if (row.status === 'compensating') {
    try {
      const rs = await loadRunState(row, store.runs, core.planFor);
      rs.status = 'compensating';
      core.active.set(rs.id, rs);
      void compensate(core, rs);
    } catch (err) {
      core.logger.error('compensation could not be resumed', { runId: row.id, error: (err as Error).message });
    }
    return;
  }
  if (row.mode === 'test') {
    const err = { code: 'interrupted', message: 'the runtime restarted during this test run', retryable: false };
    const now = core.clock.now();
    await store.write((tx) => tx.runs.finishRun(row.id, 'failed', JSON.stringify(err), row.response, now));
    return;
  }
  try {
    resume(core, await recover(core, row));
  } catch (err) {
    const e = toErrorShape(err);
    core.logger.error('run could not be resumed', { runId: row.id, error: e.message });
    const now = core.clock.now();
    await store.write((tx) => tx.runs.finishRun(row.id, 'failed', JSON.stringify(e), row.response, now));
  }
}

/** Loads a run left running by a stopped process; a due step past the poison limit fails instead of starting (poison.ts). */
async function recover(core: EngineCore, row: RunRow): Promise<RunState> {
  const store = core.store;
  const load = () => loadRunState(row, store.runs, core.planFor);
  const limit = core.poisonRestarts;
  const rs = await load();
  const due = rs.failure || limit === 0 ? [] : rs.readyAll();
  if (due.length === 0) return rs;
  const now = core.clock.now();
  const poisoned = await store.write((tx) => countRestarts(tx.runs, row.id, due, limit, now));
  if (poisoned.length)
    core.logger.error('poison steps failed instead of being started again', { runId: row.id, nodes: poisoned });
  return poisoned.length ? load() : rs;
}
