import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import { ManualClock } from '../engine/clock.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';
import { OtlpReceiver, type ReceivedSpan } from '../../test/support/otlp-receiver.ts';
import { deploy, finished, start, testWeft } from '../../test/support/weft.ts';

/**
 * Traces that outlive one process or one run: a run resumed by the next process continues its trace
 * under its stored run span, and a sub-flow run is part of the trace of the step that called it.
 */
let stub: HttpStub;
let otlp: OtlpReceiver;
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  stub = await HttpStub.start();
  otlp = await OtlpReceiver.start();
});
afterAll(async () => {
  await stub.close();
  await otlp.close();
});
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function tracedOn(dataDir: string, clock = new ManualClock()): Promise<Weft> {
  const w = await testWeft({
    clock,
    config: { dataDir },
    tracing: { url: `${otlp.url}/v1/traces`, scheduledDelayMillis: 60_000 },
  });
  cleanup.push(() => w.close(100).catch(() => undefined));
  return w;
}

const spansOf = (weft: Weft, traceId: string, ok: (spans: ReceivedSpan[]) => boolean) =>
  until(async () => {
    await weft.tracing!.forceFlush();
    const spans = otlp.trace(traceId);
    return ok(spans) ? spans : null;
  }, `the spans of trace ${traceId}`);

const named = (spans: ReceivedSpan[], name: string) => spans.filter((s) => s.name === name);

describe('traces across restarts and sub-flows', () => {
  it('continues the trace of a run resumed by the next process, under its stored run span', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-trace-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const clock = new ManualClock();
    let weft = await tracedOn(dir, clock);
    const plan = await deploy(
      weft,
      flow(
        'approved-call',
        {
          in: n.manual(),
          ask: { type: 'control.approval', config: { prompt: 'send?' } },
          call: n.http(`${stub.url}/after-restart`),
        },
        ['in>ask', 'ask:approved>call'],
      ),
    );
    const { runId } = await start(weft, plan, { a: 1 });
    const waiting = await until(async () => {
      const row = await weft.store.runs.run(runId);
      return row?.status === 'waiting_approval' ? row : null;
    }, 'the run to wait for approval');
    const traceId = waiting.traceId!;
    const runSpanId = waiting.traceSpanId!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await weft.close(100);
    cleanup.pop();
    // The first process's run span ended as it stopped, and was sent as it closed.
    const first = named(otlp.trace(traceId), 'run approved-call');
    expect(first.map((s) => s.spanId)).toEqual([runSpanId]);
    expect(first[0]!.attributes['weft.run.status']).toBe('released');

    weft = await tracedOn(dir, clock);
    const before = stub.requests.length;
    await weft.engine.decide(runId, 'approve', 'go');
    const row = await finished(weft, runId);
    expect(row.status).toBe('succeeded');
    expect(row.traceId).toBe(traceId);

    const spans = await spansOf(weft, traceId, (s) => named(s, 'run approved-call').length === 2);
    const resumed = named(spans, 'run approved-call').find((s) => s.spanId !== runSpanId)!;
    expect(resumed.parentSpanId).toBe(runSpanId);
    expect(resumed.attributes).toMatchObject({
      'weft.run.id': runId,
      'weft.run.resumed': true,
      'weft.run.status': 'succeeded',
    });
    const call = named(spans, 'step call');
    expect(call).toHaveLength(1);
    expect(call[0]!.parentSpanId).toBe(resumed.spanId);
    const http = named(spans, 'POST');
    expect(http).toHaveLength(1);
    expect(http[0]!.parentSpanId).toBe(call[0]!.spanId);
    const sent = stub.requests.slice(before).filter((r) => r.path === '/after-restart');
    expect(sent[0]!.headers.traceparent).toBe(`00-${traceId}-${http[0]!.spanId}-01`);
  });

  it('makes a sub-flow run part of the trace of the step that called it', async () => {
    const weft = await tracedOn(':memory:');
    await deploy(weft, flow('callee', { in: n.manual(), calc: n.map('{"total": h * 2}') }, ['in>calc']));
    const plan = await deploy(
      weft,
      flow(
        'caller',
        { in: n.manual(), call: { type: 'control.call', config: { flowId: 'callee', input: '={"h": h}' } } },
        ['in>call'],
      ),
    );
    const { runId } = await start(weft, plan, { h: 3 });
    const row = await finished(weft, runId);
    expect(row.status).toBe('succeeded');
    const spans = await spansOf(
      weft,
      row.traceId!,
      (s) => named(s, 'run caller').length === 1 && named(s, 'run callee').length === 1,
    );
    const callSteps = named(spans, 'step call');
    const child = named(spans, 'run callee')[0]!;
    expect(callSteps.map((s) => s.spanId)).toContain(child.parentSpanId);
    expect(named(spans, 'step calc')[0]!.parentSpanId).toBe(child.spanId);
  });
});
