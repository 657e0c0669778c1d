import { afterEach, expect, it, vi } from 'vitest';
import type { Weft } from '../weft.ts';
import type { FlowPlan } from './plan.ts';
import { testWeft, deploy, start, finished } from '../../test/support/weft.ts';
import { until } from '../../test/support/poll.ts';
import { flow, n } from '../../test/support/flows.ts';

/*
 * How a loop reads the store: per item only what the item needs, and with turns of the event loop
 * between reads that answer at once.
 */

let w: Weft | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await w?.close(100).catch(() => undefined);
  w = null;
});

/** A runtime with flow `id`: a manual trigger, then a loop over `items` whose body is one map step. */
async function loopOver(id: string, items: string, body: string): Promise<{ w: Weft; plan: FlowPlan }> {
  const weft = await testWeft();
  w = weft;
  const def = flow(
    id,
    { in: n.manual(), loop: { type: 'control.loop', config: { items, concurrency: 4 } }, line: n.map(body) },
    ['in>loop'],
  );
  def.nodes.find((x) => x.id === 'line')!.parentId = 'loop';
  return { w: weft, plan: await deploy(weft, def) };
}

/**
 * A loop's run row holds its whole trigger event (here the list of every item). Each body run that ends
 * hands its end to the loop; reading the loop's run row for that copied the whole event once per item,
 * which made a 10,000-item loop's memory and time grow with the size of its list times its items.
 */
it('a loop’s body runs end without reading the loop’s run row once per item', async () => {
  const { w, plan } = await loopOver('many', '=entries', "{ 'amount': item.hours * 150 }");
  const items = 60;
  const entries = Array.from({ length: items }, (_, i) => ({ id: `TE-${i}`, hours: (i % 8) + 1 }));

  const runs = w.store.runs;
  const read = runs.run.bind(runs);
  const readsOf = new Map<string, number>();
  vi.spyOn(runs, 'run').mockImplementation(async (id) => {
    readsOf.set(id, (readsOf.get(id) ?? 0) + 1);
    return read(id);
  });
  const { runId } = await start(w, plan, { entries });
  // Waited for with reads that are not counted.
  const run = await until(
    async () => {
      const row = await read(runId);
      return row && row.status !== 'running' ? row : null;
    },
    `run ${runId} to finish`,
    20_000,
  );
  expect(run.status).toBe('succeeded');
  // Reads of the loop's own row: at its start and end, not per item.
  expect(readsOf.get(runId) ?? 0).toBeLessThan(10);
});

/**
 * When every item is done, the loop reads each body run's result. On SQLite those reads answer at once,
 * so without a turn of the event loop in between, a long list held every request until the last one.
 */
it('a loop reading its results back lets the event loop turn', async () => {
  const { w, plan } = await loopOver('collect', '=$', 'item * 2');
  const items = Array.from({ length: 300 }, (_, i) => i);

  const runs = w.store.runs;
  let parent = '';
  const listed = new Map<string, number>();
  let collecting = false;
  let read = 0;
  let turnedWhileCollecting = false;
  const childRuns = runs.childRuns.bind(runs);
  vi.spyOn(runs, 'childRuns').mockImplementation(async (runId, nodeId) => {
    // The loop lists its body runs twice: as it starts, and to read their results once all are done.
    const calls = (listed.get(runId) ?? 0) + 1;
    listed.set(runId, calls);
    if (nodeId === 'loop' && calls === 2) {
      parent = runId;
      collecting = true;
      setImmediate(() => {
        turnedWhileCollecting = collecting;
      });
    }
    return childRuns(runId, nodeId);
  });
  const run = runs.run.bind(runs);
  vi.spyOn(runs, 'run').mockImplementation(async (id) => {
    if (collecting && id.startsWith(`${parent}.loop.`) && ++read === items.length) collecting = false;
    return run(id);
  });
  // Time seen by the engine runs fast, so that the loop's share of the event loop is used up at once.
  let now = performance.now();
  vi.spyOn(performance, 'now').mockImplementation(() => (now += 25));

  const { runId } = await start(w, plan, items);
  const ended = await finished(w, runId, 20_000);
  expect(ended.status).toBe('succeeded');
  expect(parent).toBe(runId);
  expect(read).toBe(items.length);
  expect(turnedWhileCollecting).toBe(true);
});
