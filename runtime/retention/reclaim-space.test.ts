import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import { testWeft, deploy, start, finished } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';

const RUNS = 3000;
let weft: Weft | undefined;
let dir = '';
afterEach(async () => {
  await weft?.close(0).catch(() => {});
  weft = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const onDisk = (file: string) => statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);

describe('pruning gives disk space back', () => {
  it(`the weft.db file shrinks after pruning ${RUNS} runs with sizeable payloads`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-reclaim-'));
    weft = await testWeft({ config: { dataDir: dir } });
    const w = weft;
    const file = join(dir, 'weft.db');
    const plan = await deploy(
      w,
      flow('bulk', { in: n.manual(), copy: n.map('{ "copy": text, "i": i }') }, ['in>copy']),
    );
    const text = 'lorem ipsum dolor sit amet '.repeat(150);
    for (let i = 0; i < RUNS; i += 250) {
      const ids = await Promise.all(
        Array.from({ length: 250 }, (_, k) => start(w, plan, { text, i: i + k }).then((r) => r.runId)),
      );
      for (const id of ids) await finished(w, id);
    }
    const keep = (await start(w, plan, { text, i: -1 })).runId;
    await finished(w, keep);
    w.db.$client
      .prepare('UPDATE runs SET created_at = created_at - ?, finished_at = finished_at - ? WHERE id != ?')
      .run(10 * 86_400_000, 10 * 86_400_000, keep);
    w.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const before = onDisk(file);
    expect((await w.retention.size()).autoVacuum).toBe('incremental');

    await w.retention.setPolicy(
      '*',
      { days: 7, keepSuccessPayloads: true },
      { kind: 'user', id: 'u1', name: 'admin@firm.test' },
    );
    const result = await w.retention.prune(null);
    const after = onDisk(file);

    expect(result.runsDeleted).toBe(RUNS);
    expect((await w.store.runs.run(keep))?.status).toBe('succeeded');
    expect(before, 'the database held the runs').toBeGreaterThan(RUNS * 2 * text.length);
    expect(after, `weft.db + wal: ${before} bytes before, ${after} after`).toBeLessThan(before / 10);
    expect(result.bytesFreed).toBeGreaterThan(before * 0.8);
    expect(result.database).toMatchObject({ freelistPages: 0, fileBytes: statSync(file).size, walBytes: 0 });
  });
});
