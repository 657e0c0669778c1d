import { afterEach, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { testWeft, deploy, start } from '../../test/support/weft.ts';
import { until } from '../../test/support/poll.ts';
import { flow, n } from '../../test/support/flows.ts';

let w: Weft | null = null;
afterEach(async () => {
  await w?.close(100).catch(() => undefined);
  w = null;
});

/**
 * A loop's run row holds its whole trigger event (here the list of every item). Each body run that ends
 * hands its end to the loop; reading the loop's run row for that copied the whole event once per item,
 * which made a 10,000-item loop's memory and time grow with the size of its list times its items.
 */
it('a loop’s body runs end without reading the loop’s run row once per item', async () => {
  w = await testWeft();
  const def = flow(
    'many',
    {
      in: n.manual(),
      loop: { type: 'control.loop', config: { items: '=entries', concurrency: 4 } },
      line: n.map("{ 'amount': item.hours * 150 }"),
    },
    ['in>loop'],
  );
  def.nodes.find((x) => x.id === 'line')!.parentId = 'loop';
  const plan = await deploy(w, def);
  const items = 60;
  const entries = Array.from({ length: items }, (_, i) => ({ id: `TE-${i}`, hours: (i % 8) + 1 }));

  const runs = w.store.runs;
  const read = runs.run.bind(runs);
  const readsOf = new Map<string, number>();
  runs.run = (id: string) => {
    readsOf.set(id, (readsOf.get(id) ?? 0) + 1);
    return read(id);
  };
  try {
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
  } finally {
    runs.run = read;
  }
});
