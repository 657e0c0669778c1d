import { toErrorShape } from '../../shared/errors.ts';
import type { RunRow } from '../store/run-store.ts';
import { unavailableFailure } from '../store/store-failure.ts';
import type { EngineCore } from './engine-core.ts';
import { countRestarts } from './poison.ts';
import { compensate, forget, resume } from './run-lifecycle.ts';
import { loadRunState } from './run-loader.ts';
import type { RunState } from './run-state.ts';
import { resumeCalls } from './sub-flows.ts';
import { recheckLoops } from './loops.ts';

/**
 * Runs this worker picks up from the store: at start, those left unfinished by a stopped worker; at
 * every lease renewal, those it let go while the store could not be used (parked), those of workers
 * whose lease ran out (leases.ts), and its own that it let go because their end could not be written.
 */

/** Engines adopting runs now (at start, or at a renewal): one adoption at a time, so no run is adopted twice. */
const adopting = new WeakSet<EngineCore>();
/** Engines renewed while adopting at a renewal: they look for runs to take over once more. */
const lookAgain = new WeakSet<EngineCore>();

/** At start: claims and continues every unfinished run no live worker holds. */
export async function adoptUnfinished(core: EngineCore): Promise<void> {
  adopting.add(core);
  try {
    const runs = core.store.runs;
    for (const status of ['compensating', 'running'] as const)
      for (const { id } of await runs.runsWithStatus(status)) {
        if (core.active.has(id) || !(await core.leases.adopt(id))) continue;
        // Read again once claimed: another process may have moved the run on since the list was read.
        const row = await runs.run(id);
        if (row) await adopt(core, row);
      }
  } finally {
    adopting.delete(core);
  }
  // Sub-flow runs that finished while their caller's process was down hand their result over now.
  for (const rs of [...core.active.values()]) resumeCalls(core, rs);
}

/**
 * Every lease period: runs taken from this worker are let go; runs of workers that are gone are taken
 * over, and runs of its own it no longer has in memory are picked up again.
 */
export async function takeOver(core: EngineCore, lost: boolean): Promise<void> {
  if (core.stopping) return;
  if (lost) for (const rs of [...core.active.values()]) if (!(await core.leases.owns(rs.id))) forget(core, rs);
  // A renewal while the last one's look is still under way: that look goes round once more after.
  if (adopting.has(core)) {
    lookAgain.add(core);
    return;
  }
  adopting.add(core);
  try {
    do {
      lookAgain.delete(core);
      // This renewal was written: the store takes writes again.
      for (const rs of [...core.parked.values()]) await resumeParked(core, rs);
      for (const id of await core.leases.orphans()) await pickUp(core, id, 'taking over a run whose worker is gone');
      for (const id of await core.leases.stale())
        await pickUp(core, id, 'picking up again a run whose end could not be written');
    } while (lookAgain.has(core) && !core.stopping);
  } finally {
    adopting.delete(core);
    lookAgain.delete(core);
  }
  core.scheduler.wake(core.clock.now());
  // A body run that ended where its loop could not hear of it (another process) counts now.
  recheckLoops(core);
}

/**
 * A run parked while the store could not be used goes on from its committed rows, unless it was taken
 * over or ended elsewhere meanwhile: then its admission here goes to the next run. Should the store
 * fail again while it is read, it stays parked.
 */
async function resumeParked(core: EngineCore, parked: RunState): Promise<void> {
  if (core.stopping || core.parked.get(parked.id) !== parked) return;
  core.parked.delete(parked.id);
  let picked: boolean;
  try {
    picked = await pickUp(
      core,
      parked.id,
      'the store can be used again; resuming a run from its last committed step',
      parked,
    );
  } catch (err) {
    if (!core.active.has(parked.id)) core.parked.set(parked.id, parked);
    throw err;
  }
  if (!picked && !core.parked.has(parked.id)) core.admission.release(parked);
}

/** Claims a run and continues it here; false when another worker holds it, or it is not executing any more. */
async function pickUp(core: EngineCore, id: string, why: string, parked?: RunState): Promise<boolean> {
  if (core.active.has(id) || core.stopping || (!parked && core.parked.has(id))) return false;
  const from = (await core.store.runs.run(id))?.owner ?? null;
  if (!(await core.leases.adopt(id)) || core.active.has(id)) return false;
  // Read once claimed: until then another worker could take the run over and move it on, or end it.
  const row = await core.store.runs.run(id);
  if (!row || (row.status !== 'running' && row.status !== 'compensating')) return false;
  core.logger.info(why, { runId: id, from });
  await adopt(core, row, parked);
  const rs = core.active.get(id);
  if (rs) resumeCalls(core, rs);
  return true;
}

/**
 * Continues a run this worker has just claimed: compensations go on, test runs end, live runs resume.
 * A run that was `parked` here resumes without counting a restart against its step in flight (poison.ts):
 * that step did not stop the process; its reads go through the committer, so that a store failing again
 * parks it again instead of failing it.
 */
async function adopt(core: EngineCore, row: RunRow, parked?: RunState): Promise<void> {
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
    resume(
      core,
      parked ? await store.write((tx) => loadRunState(row, tx.runs, core.planFor)) : await recover(core, row),
    );
  } catch (err) {
    if (unavailableFailure(err)) {
      // Not the run's fault: a parked run waits for the next renewal; one just claimed stays this worker's
      // in the store, unchanged, and is picked up again as stale (or by another worker should this one stop).
      core.logger.warn('the store cannot be used yet; the run is picked up again at a later lease renewal', {
        runId: row.id,
        error: (err as Error).message,
      });
      if (parked) core.parked.set(row.id, parked);
      return;
    }
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
