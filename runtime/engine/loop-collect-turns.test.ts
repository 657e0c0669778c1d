import { afterEach, expect, it, vi } from 'vitest';
import type { Weft } from '../weft.ts';
import { testWeft, deploy, start, finished } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';

let w: Weft | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await w?.close(100).catch(() => undefined);
  w = null;
});

/**
 * When every item is done, the loop reads each body run's result. On SQLite those reads answer at once,
 * so without a turn of the event loop in between, a long list held every request until the last one.
 */
it('a loop reading its results back lets the event loop turn', async () => {
  w = await testWeft();
  const def = flow(
    'collect',
    {
      in: n.manual(),
      loop: { type: 'control.loop', config: { items: '=$', concurrency: 8 } },
      line: n.map('item * 2'),
    },
    ['in>loop'],
  );
  def.nodes.find((x) => x.id === 'line')!.parentId = 'loop';
  const plan = await deploy(w, def);
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
