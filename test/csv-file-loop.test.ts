import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../runtime/weft.ts';
import type { FlowDefinitionInput } from '../shared/flow.ts';
import type { FileRef } from '../shared/file-ref.ts';
import type { LoopOutput } from '../shared/loop.ts';
import { deploy, finished, start, stepRows, testWeft, viewOf } from './support/weft.ts';
import { flow, n } from './support/flows.ts';
import { HttpStub } from './support/http-stub.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function weft(dataDir?: string): Promise<Weft> {
  const w = await testWeft(dataDir ? { config: { dataDir } } : {});
  cleanup.push(() => w.close(100).catch(() => undefined));
  return w;
}

const out = (s: { output: string | null } | undefined) => (s?.output ? JSON.parse(s.output) : null);

const parseToFile = {
  type: 'csv.parse',
  config: {
    input: 'csv',
    delimiter: ';',
    output: 'file',
    headerMap: { Nr: 'id', Betrag: 'amount' },
    columns: [
      { name: 'id', type: 'integer', required: true },
      { name: 'amount', type: 'number', decimal: ',', required: true },
    ],
  },
};

/** in → parse (to a JSON Lines file) → loop over the file in batches → after; `body` nodes are the loop's body. */
function fileLoopFlow(
  id: string,
  batchSize: number,
  body: Record<string, { type: string; config: Record<string, unknown> }>,
  after = '{ "sum": $sum(results), "rejected": $steps.parse.rejected }',
): FlowDefinitionInput {
  const def = flow(
    id,
    {
      in: n.manual(),
      parse: parseToFile,
      loop: { type: 'control.loop', config: { items: '=file', batchSize } },
      after: n.map(after),
      ...body,
    },
    ['in>parse', 'parse>loop', 'loop>after'],
  );
  for (const node of def.nodes) if (node.id in body) node.parentId = 'loop';
  return def;
}

const csvOf = (amounts: string[]) => ['Nr;Betrag', ...amounts.map((a, i) => `${i + 1};${a}`)].join('\n');

describe('CSV files through a run', () => {
  it('parses a CSV to a JSON Lines file that a loop reads batch by batch; bad rows are reported with their lines', async () => {
    const w = await weft();
    const plan = await deploy(w, fileLoopFlow('csv-batches', 2, { sum: n.map('$sum(items.amount)') }));
    const { runId } = await start(w, plan, { csv: csvOf(['1,5', '2', '3,x', '4', '5', '', '6,5']) });
    expect((await finished(w, runId)).status).toBe('succeeded');
    const steps = await stepRows(w, runId);
    const parsed = out(steps.parse);
    expect(parsed).toMatchObject({
      count: 5,
      rejected: 2,
      file: { name: 'rows.jsonl', contentType: 'application/x-ndjson' },
    });
    expect(parsed.errors.map((e: { message: string }) => e.message)).toEqual([
      'line 4, column amount: "3,x" is not a number',
      'line 7, column amount: a value is required',
    ]);
    expect((out(steps.loop) as LoopOutput).results).toEqual([3.5, 9, 6.5]);
    expect(out(steps.after)).toEqual({ sum: 19, rejected: 2 });
    expect((await viewOf(w, runId)).loops).toEqual([{ nodeId: 'loop', total: 3, done: 3, running: 0, failed: [] }]);
    const body = await viewOf(w, `${runId}.loop.2`);
    expect(body.steps!.find((s) => s.nodeId === 'sum')!.input).toMatchObject({
      body: {
        items: [
          { id: 4, amount: 4 },
          { id: 5, amount: 5 },
        ],
        index: 2,
      },
    });
  });

  it('refuses a file reference of another run: the step fails naming it', async () => {
    const w = await weft();
    const first = await deploy(w, fileLoopFlow('csv-owner', 10, { sum: n.map('$sum(items.amount)') }));
    const a = await start(w, first, { csv: csvOf(['1']) });
    expect((await finished(w, a.runId)).status).toBe('succeeded');
    const ref = out((await stepRows(w, a.runId)).parse).file as FileRef;
    const thief = await deploy(
      w,
      flow('csv-thief', { in: n.manual(), build: { type: 'csv.build', config: { rows: 'file' } } }, ['in>build']),
    );
    const b = await start(w, thief, { file: ref });
    const row = await finished(w, b.runId);
    expect(row.status).toBe('failed');
    expect(JSON.parse(row.error!)).toMatchObject({
      code: 'file_of_another_run',
      message: `file "rows.jsonl" (${ref.$weftFile}) belongs to another run; run ${b.runId} may not read it`,
    });
  });

  it('after a restart a loop over a file goes on from the first batch without a body run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-csv-loop-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const s = (await HttpStub.start()).respond('/p', 'hold');
    cleanup.push(() => s.close());
    let w = await weft(dir);
    const plan = await deploy(
      w,
      fileLoopFlow(
        'csv-restart',
        2,
        { p: n.http(`${s.url}/p`, { body: '={ "ids": [items.id], "index": index }' }) },
        '$count(results)',
      ),
    );
    const { runId } = await start(w, plan, { csv: csvOf(['1', '2', '3', '4', '5', '6', '7']) });
    await s.waitForCalls('/p', 1);
    s.release('/p', { status: 200 });
    await s.waitForCalls('/p', 2);
    await w.close(50);
    cleanup.pop();
    s.respond('/p', { status: 200 });
    s.release('/p', { status: 200 });
    w = await weft(dir);
    expect((await finished(w, runId)).status).toBe('succeeded');
    expect(out((await stepRows(w, runId)).after)).toBe(4);
    const sent = s.calls('/p').map((r) => JSON.parse(r.body));
    expect(sent).toEqual([
      { ids: [1, 2], index: 0 },
      { ids: [3, 4], index: 2 },
      { ids: [3, 4], index: 2 },
      { ids: [5, 6], index: 4 },
      { ids: [7], index: 6 },
    ]);
  });
});
