import { writeCrashedRun } from '../../test/support/crashed-run.ts';
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { flow, n } from '../../test/support/flows.ts';
import { testWeft, deploy, start, finished, stepRows } from '../../test/support/weft.ts';

let stub: HttpStub;
let dataDir: string;
const opened: Weft[] = [];

beforeAll(async () => {
  stub = await HttpStub.start();
});
afterAll(() => stub.close());
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'weft-recovery-'));
});
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close(100).catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(): Promise<Weft> {
  const w = await testWeft({ config: { dataDir } });
  opened.push(w);
  return w;
}

async function closeNow(w: Weft): Promise<void> {
  opened.splice(opened.indexOf(w), 1);
  await w.close(0);
}

const erpFlow = (path: string) =>
  flow(
    'recover',
    {
      in: n.manual(),
      map: n.map("{ 'projectCode': 'PRJ-' & id }"),
      erp: n.http(`${stub.url}${path}`),
      done: n.map("{ 'erp': $, 'code': $steps.map.projectCode }"),
    },
    ['in>map', 'map>erp', 'erp>done'],
  );

describe('engine: recovery after a restart', () => {
  it('finishes a run interrupted while its connector was stuck, calling again with the same Idempotency-Key', async () => {
    stub.respond('/stuck', 'hang');
    const first = await open();
    const plan = await deploy(first, erpFlow('/stuck'));
    const { runId } = await start(first, plan, { id: 'OPP-9' });
    await stub.waitForCalls('/stuck', 1);

    // The process goes away while the ERP call is unanswered.
    await closeNow(first);

    // The restarted process calls again; the ERP answers once the rows it found are looked at.
    stub.respond('/stuck', 'hold');
    const second = await open();
    await stub.waitForCalls('/stuck', 2);
    const rowsAtRestart = await stepRows(second, runId);
    expect(Object.keys(rowsAtRestart).sort(), 'only the steps that completed before the stop are committed').toEqual([
      'in',
      'map',
    ]);
    expect(stub.release('/stuck', { status: 201, body: { project: 'P-9' } })).toBe(1);

    const run = await finished(second, runId);
    expect(run.status, run.error ?? '').toBe('succeeded');
    const calls = stub.calls('/stuck');
    expect(calls).toHaveLength(2);
    expect(calls[1].idempotencyKey).toBe(calls[0].idempotencyKey);
    expect(calls[1].idempotencyKey).toBe(`${runId}:erp`);
    expect(JSON.parse(calls[1].body)).toEqual({ projectCode: 'PRJ-OPP-9' });
    const rows = await stepRows(second, runId);
    expect(rows.map.attempts).toBe(1);
    expect(JSON.parse(rows.done.output!)).toEqual({ erp: { project: 'P-9' }, code: 'PRJ-OPP-9' });
  });

  it('keeps a step that fails retryably during a graceful stop retryable, so the next process finishes the run', async () => {
    stub.respond('/slow', 'hold');
    const first = await open();
    const plan = await deploy(first, erpFlow('/slow'));
    const { runId } = await start(first, plan, { id: 'OPP-11' });
    await stub.waitForCalls('/slow', 1);

    // Shutdown begins while the call is in flight; the peer then answers 503 within the grace period.
    opened.splice(opened.indexOf(first), 1);
    const closing = first.close(5000);
    expect(stub.release('/slow', { status: 503, body: { error: 'restarting' } })).toBe(1);
    await closing;

    // The restarted process calls again; the ERP answers once the rows it found are looked at.
    stub.respond('/slow', 'hold');
    const second = await open();
    await stub.waitForCalls('/slow', 2);
    const erp = (await stepRows(second, runId)).erp;
    expect(erp === undefined || erp.status === 'retrying', `erp step after the stop: ${JSON.stringify(erp)}`).toBe(
      true,
    );
    expect(stub.release('/slow', { status: 201, body: { project: 'P-11' } })).toBe(1);
    const run = await finished(second, runId);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(stub.calls('/slow').map((c) => c.idempotencyKey)).toEqual([`${runId}:erp`, `${runId}:erp`]);
  });

  it('resumes a run from committed rows: completed steps are reused, the missing one runs', async () => {
    const first = await open();
    const plan = await deploy(first, erpFlow('/resume'));
    const runId = 'run_handmade0001';
    // The state a crash leaves: the run and the steps committed before the ERP call, nothing for the ERP step.
    await writeCrashedRun(
      first.store,
      { id: runId, flowId: 'recover', version: plan.version, trigger: { body: null }, triggerBody: { id: 'OPP-10' } },
      { in: '{"$weftRef":"trigger"}', map: JSON.stringify({ projectCode: 'PRJ-handmade' }) },
    );
    await closeNow(first);

    const second = await open();
    const run = await finished(second, runId);
    expect(run.status, run.error ?? '').toBe('succeeded');
    const calls = stub.calls('/resume');
    expect(calls).toHaveLength(1);
    // The stored map output is used, not a re-computed one ('PRJ-OPP-10').
    expect(JSON.parse(calls[0].body)).toEqual({ projectCode: 'PRJ-handmade' });
    expect(calls[0].idempotencyKey).toBe(`${runId}:erp`);
    expect(JSON.parse((await stepRows(second, runId)).done.output!).code).toBe('PRJ-handmade');
  });
});
