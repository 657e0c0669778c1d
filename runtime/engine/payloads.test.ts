import { describe, it, expect, afterEach } from 'vitest';
import type { Weft } from '../weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { testWeft, deploy, start, finished, viewOf } from '../../test/support/weft.ts';
import { rows, value } from '../../test/support/rows.ts';

let weft: Weft;
afterEach(() => weft.close(100));

const rawOutput = async (runId: string, nodeId: string) =>
  (await value<string>(weft, 'SELECT output FROM steps WHERE run_id = ? AND node_id = ?', [runId, nodeId]))!;
const payloadRows = (runId: string) =>
  rows<{ hash: string; bytes: number }>(
    weft,
    'SELECT hash, length(data) AS "bytes" FROM run_payloads WHERE run_id = ?',
    [runId],
  );

describe('engine: how step payloads are stored', () => {
  it('stores the output of a pass-through node (control.if) as a reference, not a copy', async () => {
    weft = await testWeft();
    const plan = await deploy(
      weft,
      flow(
        'refs',
        {
          in: n.manual(),
          shape: n.map("{ 'customer': name, 'lines': lines }"),
          gate: n.if('$count(lines) > 0'),
          after: n.map('$count(lines)'),
        },
        ['in>shape', 'shape>gate', 'gate:true>after'],
      ),
    );
    const body = { name: 'Acme', lines: Array.from({ length: 50 }, (_, i) => ({ sku: `S-${i}`, qty: i })) };
    const { runId } = await start(weft, plan, body);
    expect((await finished(weft, runId)).status).toBe('succeeded');

    expect(JSON.parse(await rawOutput(runId, 'gate'))).toEqual({ $weftRef: 'step:shape' });
    expect(JSON.parse(await rawOutput(runId, 'in'))).toEqual({ $weftRef: 'trigger' });
    expect(JSON.parse(await rawOutput(runId, 'shape')).lines).toHaveLength(50);
    expect(JSON.parse(await rawOutput(runId, 'after'))).toBe(50);

    // The view follows the references back to the values.
    const steps = Object.fromEntries((await viewOf(weft, runId)).steps!.map((s) => [s.nodeId, s]));
    expect(steps.gate.output).toEqual(steps.shape.output);
    expect(steps.in.output).toEqual(body);
    expect(steps.after.input).toEqual(steps.shape.output);
  });

  it('keeps an output larger than stepPayloadCap once in run_payloads; the view truncates it, the run gets it whole', async () => {
    weft = await testWeft({ config: { stepPayloadCap: 1000 } });
    const plan = await deploy(
      weft,
      flow(
        'big',
        {
          in: n.manual(),
          expand: n.map("{ 'rows': [1..n].{ 'row': $, 'text': 'lorem ipsum dolor sit amet' } }"),
          gate: n.if('true'),
          total: n.map("{ 'count': $count(rows), 'lastRow': rows[-1].row, 'viaSteps': $count($steps.expand.rows) }"),
        },
        ['in>expand', 'expand>gate', 'gate:true>total'],
      ),
    );
    const { runId } = await start(weft, plan, { n: 200 });
    const run = await finished(weft, runId);
    expect(run.status, run.error ?? '').toBe('succeeded');

    const stored = JSON.parse(await rawOutput(runId, 'expand'));
    expect(Object.keys(stored).sort()).toEqual(['$weftPayload', 'bytes']);
    expect(stored.bytes).toBeGreaterThan(1000);
    expect(JSON.parse(await rawOutput(runId, 'gate'))).toEqual({ $weftRef: 'step:expand' });
    const payloads = await payloadRows(runId);
    expect(payloads, 'the large value is stored once').toHaveLength(1);
    expect(payloads[0]).toEqual({ hash: stored.$weftPayload, bytes: stored.bytes });

    expect(JSON.parse(await rawOutput(runId, 'total'))).toEqual({ count: 200, lastRow: 200, viaSteps: 200 });

    const steps = Object.fromEntries((await viewOf(weft, runId)).steps!.map((s) => [s.nodeId, s]));
    expect(steps.expand.output).toMatchObject({ $weftTruncated: true, bytes: stored.bytes });
    expect((steps.expand.output as { preview: string }).preview.startsWith('{"rows":[{"row":1,')).toBe(true);
    expect(steps.total.output).toEqual({ count: 200, lastRow: 200, viaSteps: 200 });
  });

  it('keeps two equal large outputs of one run as one payload row', async () => {
    weft = await testWeft({ config: { stepPayloadCap: 500 } });
    const plan = await deploy(
      weft,
      flow(
        'twins',
        {
          in: n.manual(),
          a: n.map('[1..n]'),
          b: n.map('[1..n]'),
        },
        ['in>a', 'in>b'],
      ),
    );
    const { runId } = await start(weft, plan, { n: 300 });
    expect((await finished(weft, runId)).status).toBe('succeeded');
    expect(await rawOutput(runId, 'a')).toBe(await rawOutput(runId, 'b'));
    expect(await payloadRows(runId)).toHaveLength(1);
  });
});
