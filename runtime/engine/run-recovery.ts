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
 * every lease renewal, those of workers whose lease ran out (leases.ts), and its own that it let go
 * because their end could not be written (the database was unreachable).
 */

/** Engines adopting runs now (at start, or at a renewal): one adoption at a time, so no run is adopted twice. */
const adopting = new WeakSet<EngineCore>();

/** At start: claims and continues every unfinished run no live worker holds. */
export async function adoptUnfinished(core: EngineCore): Promise<void> {
  adopting.add(core);
  try {
    const runs = core.store.runs;
    for (const row of await runs.runsWithStatus('compensating'))
      if (!core.active.has(row.id) && (await core.leases.claim(row.id))) await adopt(core, row);
    for (const row of await runs.runsWithStatus('running'))
      if (!core.active.has(row.id) && (await core.leases.claim(row.id))) await adopt(core, row);
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
  if (adopting.has(core)) return;
  adopting.add(core);
  try {
    for (const id of await core.leases.orphans()) await pickUp(core, id, 'taking over a run whose worker is gone');
    for (const id of await core.leases.stale())
      await pickUp(core, id, 'picking up again a run whose end could not be written');
  } finally {
    adopting.delete(core);
  }
  core.scheduler.wake(core.clock.now());
}

async function pickUp(core: EngineCore, id: string, why: string): Promise<void> {
  if (core.active.has(id) || core.stopping) return;
  const row = await core.store.runs.run(id);
  if (!row || core.active.has(id) || !(await core.leases.claim(id))) return;
  core.logger.info(why, { runId: id, from: row.owner ?? null });
  await adopt(core, row);
  const rs = core.active.get(id);
  if (rs) resumeCalls(core, rs);
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
