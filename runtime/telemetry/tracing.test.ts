import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import type { Logger } from '../logger.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';
import { client } from '../../test/support/api.ts';
import { OtlpReceiver, type ReceivedSpan } from '../../test/support/otlp-receiver.ts';
import { deploy, finished, start, testWeft } from '../../test/support/weft.ts';

/**
 * Traces of a real runtime exported over OTLP/HTTP to a receiver on loopback: the run → step →
 * connector call tree with its parent ids, the traceparent the downstream peer receives, and a
 * webhook's traceparent continued by its run.
 */
let stub: HttpStub;
let otlp: OtlpReceiver;
let weft: Weft;

beforeAll(async () => {
  stub = await HttpStub.start();
  otlp = await OtlpReceiver.start();
});
afterAll(async () => {
  await stub.close();
  await otlp.close();
});
afterEach(() => weft.close(100));

// Spans leave only when flushed: a long delay keeps the batch from going out on its own.
const traced = () => testWeft({ tracing: { url: `${otlp.url}/v1/traces`, scheduledDelayMillis: 60_000 } });

/** Flushes the exporter until the trace holds `count` spans (the run span ends a moment after the run's row). */
const spansOf = (traceId: string, count: number) =>
  until(async () => {
    await weft.tracing!.forceFlush();
    const spans = otlp.trace(traceId);
    return spans.length >= count ? spans : null;
  }, `${count} spans of trace ${traceId}`);

const one = (spans: ReceivedSpan[], name: string) => {
  const found = spans.filter((s) => s.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};

describe('OpenTelemetry traces', () => {
  it('exports a run span with a span per step and a client span per connector call, and sends its traceparent downstream', async () => {
    weft = await traced();
    stub.respond('/orders', { status: 201 });
    const plan = await deploy(
      weft,
      flow('traced', { in: n.manual(), shape: n.map('{"id": id}'), call: n.http(`${stub.url}/orders?token=abc`) }, [
        'in>shape',
        'shape>call',
      ]),
    );
    const before = stub.requests.length;
    const { runId } = await start(weft, plan, { id: 7 });
    const row = await finished(weft, runId);
    expect(row.status).toBe('succeeded');
    expect(row.traceId).toMatch(/^[0-9a-f]{32}$/);

    const spans = await spansOf(row.traceId!, 5);
    expect(spans).toHaveLength(5);
    const run = one(spans, 'run traced');
    expect(run.parentSpanId).toBeUndefined();
    expect(run.spanId).toBe(row.traceSpanId);
    expect(run.service).toBe('weft');
    expect(run.attributes).toMatchObject({
      'weft.flow.id': 'traced',
      'weft.flow.version': plan.version!,
      'weft.run.id': runId,
      'weft.run.status': 'succeeded',
    });
    for (const [nodeId, kind] of [
      ['in', 'trigger.manual'],
      ['shape', 'map.jsonata'],
      ['call', 'connector.http'],
    ]) {
      const step = one(spans, `step ${nodeId}`);
      expect(step.parentSpanId).toBe(run.spanId);
      expect(step.attributes).toMatchObject({
        'weft.node.id': nodeId,
        'weft.node.kind': kind,
        'weft.step.attempt': 1,
        'weft.step.status': 'succeeded',
      });
    }
    const http = one(spans, 'POST');
    expect(http.parentSpanId).toBe(one(spans, 'step call').spanId);
    expect(http.kind).toBe(3); // SPAN_KIND_CLIENT
    expect(http.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.full': `${stub.url}/orders`,
      'http.response.status_code': 201,
    });

    const sent = stub.requests.slice(before).filter((r) => r.path === '/orders');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.traceparent).toBe(`00-${row.traceId}-${http.spanId}-01`);

    const view = await client(weft)('GET', `/api/runs/${runId}`);
    expect(view.status).toBe(200);
    expect((view.body as { traceId: string }).traceId).toBe(row.traceId);
  });

  it('marks a failed step and a failed connector call as errors', async () => {
    weft = await traced();
    stub.respond('/refuse', { status: 422, body: { error: 'no' } });
    const plan = await deploy(
      weft,
      flow('refused', { in: n.manual(), call: n.http(`${stub.url}/refuse`) }, ['in>call']),
    );
    const { runId } = await start(weft, plan, { a: 1 });
    const row = await finished(weft, runId);
    expect(row.status).toBe('failed');
    const spans = await spansOf(row.traceId!, 4);
    expect(one(spans, 'run refused').attributes['weft.run.status']).toBe('failed');
    expect(one(spans, 'run refused').status.code).toBe(2);
    const step = one(spans, 'step call');
    expect(step.attributes['weft.step.status']).toBe('failed');
    expect(step.status.code).toBe(2);
    const http = one(spans, 'POST');
    expect(http.attributes['http.response.status_code']).toBe(422);
    expect(http.parentSpanId).toBe(step.spanId);
  });

  it('makes the run of a webhook sent with a traceparent a child of that trace', async () => {
    weft = await traced();
    await deploy(
      weft,
      flow('hooked', { in: n.webhook('traced-orders'), call: n.http(`${stub.url}/hooked`) }, ['in>call']),
    );
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const before = stub.requests.length;
    const res = await client(weft)(
      'POST',
      '/hooks/traced-orders',
      { order: 1 },
      {
        traceparent: `00-${traceId}-${parentId}-01`,
      },
    );
    expect(res.status).toBeLessThan(300);
    const runId = (res.body as { runId: string }).runId;
    const row = await finished(weft, runId);
    expect(row.traceId).toBe(traceId);

    const spans = await spansOf(traceId, 4);
    const run = one(spans, 'run hooked');
    expect(run.parentSpanId).toBe(parentId);
    expect(run.attributes['weft.run.id']).toBe(runId);
    const http = one(spans, 'POST');
    const sent = stub.requests.slice(before).filter((r) => r.path === '/hooked');
    expect(sent[0]!.headers.traceparent).toBe(`00-${traceId}-${http.spanId}-01`);
  });

  it('starts a trace of its own for a webhook whose traceparent is not valid', async () => {
    weft = await traced();
    await deploy(weft, flow('badparent', { in: n.webhook('bad-parent') }, []));
    const res = await client(weft)(
      'POST',
      '/hooks/bad-parent',
      { a: 1 },
      {
        traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      },
    );
    const row = await finished(weft, (res.body as { runId: string }).runId);
    expect(row.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(row.traceId).not.toBe('0'.repeat(32));
    const run = one(await spansOf(row.traceId!, 2), 'run badparent');
    expect(run.parentSpanId).toBeUndefined();
  });

  it("puts the run's trace id on the log lines of its steps", async () => {
    const lines: { msg: string; data: Record<string, unknown> }[] = [];
    const at = (msg: string, data?: Record<string, unknown>) => lines.push({ msg, data: data ?? {} });
    const logger: Logger = { debug: at, info: at, warn: at, error: at, child: () => logger };
    weft = await testWeft({ logger, tracing: { url: `${otlp.url}/v1/traces`, scheduledDelayMillis: 60_000 } });
    const plan = await deploy(
      weft,
      flow(
        'logged',
        { in: n.manual(), code: { type: 'code.js', config: { code: 'console.log("hello"); return 1;' } } },
        ['in>code'],
      ),
    );
    const { runId } = await start(weft, plan, {});
    const row = await finished(weft, runId);
    expect(row.status).toBe('succeeded');
    const line = lines.find((l) => l.msg === 'hello');
    expect(line?.data).toMatchObject({ runId, flowId: 'logged', nodeId: 'code', traceId: row.traceId });
  });

  it('records no spans of a run the sampler leaves out, yet keeps its trace id and passes it on', async () => {
    process.env.OTEL_TRACES_SAMPLER = 'always_off';
    try {
      weft = await traced();
    } finally {
      delete process.env.OTEL_TRACES_SAMPLER;
    }
    const plan = await deploy(
      weft,
      flow('sampled-out', { in: n.manual(), call: n.http(`${stub.url}/unsampled`) }, ['in>call']),
    );
    const before = stub.requests.length;
    const row = await finished(weft, (await start(weft, plan, { a: 1 })).runId);
    expect(row.status).toBe('succeeded');
    expect(row.traceId).toMatch(/^[0-9a-f]{32}$/);
    const sent = stub.requests.slice(before).filter((r) => r.path === '/unsampled');
    expect(sent[0]!.headers.traceparent).toMatch(new RegExp(`^00-${row.traceId}-[0-9a-f]{16}-00$`));
    await weft.tracing!.forceFlush();
    expect(otlp.trace(row.traceId!)).toEqual([]);
  });

  it('keeps no trace with tracing off', async () => {
    weft = await testWeft({ tracing: null });
    expect(weft.tracing).toBeNull();
    const plan = await deploy(
      weft,
      flow('untraced', { in: n.manual(), call: n.http(`${stub.url}/plain`) }, ['in>call']),
    );
    const before = stub.requests.length;
    const row = await finished(weft, (await start(weft, plan, { a: 1 })).runId);
    expect(row.status).toBe('succeeded');
    expect(row.traceId).toBeNull();
    const sent = stub.requests.slice(before).filter((r) => r.path === '/plain');
    expect(sent[0]!.headers.traceparent).toBeUndefined();
  });
});
