import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';
import { client } from '../../test/support/api.ts';
import { OtlpReceiver } from '../../test/support/otlp-receiver.ts';
import { deploy, finished, start, testWeft } from '../../test/support/weft.ts';
import type { TracingOptions } from './tracing-options.ts';

/**
 * Which runs are recorded (the SDK's samplers, as OTEL_TRACES_SAMPLER names them) and how spans are
 * encoded on the wire, against an OTLP receiver on loopback. A run left out exports nothing, yet its
 * connector requests still carry its trace id, flagged not sampled.
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

const traced = (o: Partial<TracingOptions> = {}) =>
  testWeft({ tracing: { url: `${otlp.url}/v1/traces`, scheduledDelayMillis: 60_000, ...o } });

/** Runs a flow calling the stub at `path`; the run's row and the traceparent the stub received. */
async function runCalling(path: string, flowId: string): Promise<{ traceId: string; traceparent: string }> {
  const plan = await deploy(weft, flow(flowId, { in: n.manual(), call: n.http(`${stub.url}${path}`) }, ['in>call']));
  const before = stub.requests.length;
  const row = await finished(weft, (await start(weft, plan, { a: 1 })).runId);
  expect(row.status).toBe('succeeded');
  const sent = stub.requests.slice(before).filter((r) => r.path === path);
  expect(sent).toHaveLength(1);
  return { traceId: row.traceId!, traceparent: sent[0]!.headers.traceparent as string };
}

describe('trace sampling and encoding', () => {
  it.each([
    ['protobuf by default', undefined, 'application/x-protobuf', 'application/json'],
    ['JSON when asked', 'http/json', 'application/json', 'application/x-protobuf'],
  ] as const)('sends spans as %s', async (_, protocol, type, other) => {
    weft = await traced(protocol ? { protocol } : {});
    const [sent, notSent] = [otlp.encodings[type] ?? 0, otlp.encodings[other] ?? 0];
    const { traceId } = await runCalling(`/encoded-${type.split('/')[1]}`, `encoded-${type.split('/')[1]}`);
    const spans = await until(async () => {
      await weft.tracing!.forceFlush();
      const got = otlp.trace(traceId);
      return got.length >= 4 ? got : null;
    }, `the 4 spans of trace ${traceId}`);
    expect(spans.map((s) => s.name).sort()).toEqual([
      'POST',
      `run encoded-${type.split('/')[1]}`,
      'step call',
      'step in',
    ]);
    expect(otlp.encodings[type]).toBeGreaterThan(sent);
    expect(otlp.encodings[other] ?? 0).toBe(notSent);
  });

  it('records no run with a trace-id ratio of 0, yet passes its trace id on, flagged not sampled', async () => {
    weft = await traced({ sampler: { name: 'traceidratio', ratio: 0 } });
    const { traceId, traceparent } = await runCalling('/ratio-zero', 'ratio-zero');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    await weft.tracing!.forceFlush();
    expect(otlp.trace(traceId)).toEqual([]);
  });

  it("follows a webhook caller's decision by default: an unsampled traceparent records nothing and is passed on", async () => {
    weft = await traced();
    await deploy(
      weft,
      flow('unsampled-caller', { in: n.webhook('unsampled-caller'), call: n.http(`${stub.url}/after-unsampled`) }, [
        'in>call',
      ]),
    );
    const traceId = '5bf92f3577b34da6a3ce929d0e0e4736';
    const before = stub.requests.length;
    const res = await client(weft)(
      'POST',
      '/hooks/unsampled-caller',
      { a: 1 },
      {
        traceparent: `00-${traceId}-00f067aa0ba902b7-00`,
      },
    );
    expect(res.status).toBeLessThan(300);
    const row = await finished(weft, (res.body as { runId: string }).runId);
    expect(row.traceId).toBe(traceId);
    const sent = stub.requests.slice(before).filter((r) => r.path === '/after-unsampled');
    expect(sent[0]!.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    expect(sent[0]!.headers.traceparent).not.toContain('00f067aa0ba902b7');
    await weft.tracing!.forceFlush();
    expect(otlp.trace(traceId)).toEqual([]);
  });

  it('records every run with always_on, even one whose caller did not sample it', async () => {
    weft = await traced({ sampler: { name: 'always_on' } });
    await deploy(weft, flow('always', { in: n.webhook('always-on') }, []));
    const traceId = '6bf92f3577b34da6a3ce929d0e0e4736';
    const res = await client(weft)(
      'POST',
      '/hooks/always-on',
      { a: 1 },
      { traceparent: `00-${traceId}-00f067aa0ba902b7-00` },
    );
    await finished(weft, (res.body as { runId: string }).runId);
    const spans = await until(async () => {
      await weft.tracing!.forceFlush();
      const got = otlp.trace(traceId);
      return got.length >= 2 ? got : null;
    }, `the spans of trace ${traceId}`);
    expect(spans.find((s) => s.name === 'run always')?.parentSpanId).toBe('00f067aa0ba902b7');
  });
});
