import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import type { HttpClient } from '../../nodes/define-node.ts';
import { testWeft, deploy, start, stepRows } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';

/** A downstream that never answers: each "process" is stopped while the step is in flight. */
const hanging: HttpClient = { request: () => new Promise(() => undefined) };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('poison steps', () => {
  it('a step in flight at every stop is failed with the reason after the configured number of restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-poison-'));
    dirs.push(dir);
    const open = (): Promise<Weft> => testWeft({ http: hanging, guard: false, config: { dataDir: dir, poisonRestarts: 3 } });
    let weft = await open();
    const plan = deploy(weft, flow('crashy', { in: n.manual(), call: n.http('http://127.0.0.1:9/never'), after: n.map('$') }, ['in>call', 'call>after']));
    const { runId } = await start(weft, plan, { id: 1 });
    // The process "dies" with the step in flight (closing drops it: no row), twice: the step is started again each time.
    for (let restart = 1; restart <= 2; restart++) {
      await weft.close(10);
      weft = await open();
      expect(weft.runStore.run(runId)!.status).toBe('running');
      expect(stepRows(weft, runId).call).toBeUndefined();
    }
    await weft.close(10);
    weft = await open();
    await until(() => weft.runStore.run(runId)!.status !== 'running', 'the poisoned run to fail');
    const row = weft.runStore.run(runId)!;
    expect(row.status).toBe('failed');
    expect(JSON.parse(row.error!)).toMatchObject({ code: 'poison', nodeId: 'call', message: expect.stringMatching(/stopped 3 times while step "call" was due or running/) });
    expect(stepRows(weft, runId).after).toBeUndefined();
    await weft.close(10);
  });
});
