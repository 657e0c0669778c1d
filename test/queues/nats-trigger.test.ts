import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { WeftError } from '../../shared/errors.ts';
import { deploy, finished, testWeft, viewOf } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';
import { until } from '../support/poll.ts';
import { runsOf } from './amqp-support.ts';
import { natsConnectionInput, type TestJetStream, testJetStream } from './nats-support.ts';

const consume = (config: Record<string, unknown>) => ({
  type: 'trigger.nats',
  config: { connection: 'server', maxInFlight: 10, ...config },
});

describe('trigger.nats and connector.nats against a real NATS JetStream', () => {
  let server: TestJetStream | undefined;
  const open: Weft[] = [];
  const runtime = async () => {
    const weft = await testWeft();
    open.push(weft);
    await weft.connections.create(natsConnectionInput('server'), null);
    return weft;
  };
  const drained = (stream: string, consumer: string) =>
    until(async () => {
      const p = await server!.pending(stream, consumer).catch(() => null);
      return p && p.pending === 0 && p.ackPending === 0 ? p : null;
    }, `every message of ${stream} acknowledged`);

  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
    await server?.close();
    server = undefined;
  });

  it('starts one run per message with body, headers, subject and sequence; a duplicate message id starts none', async () => {
    server = await testJetStream();
    const s = await server.stream('orders', 200);
    const weft = await runtime();
    await deploy(
      weft,
      flow('orders', { in: consume({ stream: s.name, durable: `${s.name}_c` }), out: n.map('$trigger') }, ['in>out']),
    );
    await server.publish(`${s.subject}.created`, { id: 7 }, 'm-1', { tenant: 'acme' });
    await server.publish(`${s.subject}.note`, 'plain words');
    await until(async () => ((await runsOf(weft, 'orders')).length === 2 ? true : null), 'two runs');
    // Past the stream's duplicate window the same Nats-Msg-Id is stored again; the trigger starts no second run.
    await until(
      async () => !(await server!.js.publish(`${s.subject}.created`, '{"id":7}', { msgID: 'm-1' })).duplicate,
      'the same message id stored again',
    );
    await drained(s.name, `${s.name}_c`);
    const runs = await runsOf(weft, 'orders');
    expect(runs.map((r) => r.dedupeKey).sort()).toEqual([`nats:in:${s.name}:m-1`, `nats:in:${s.name}:seq:2`]);
    const first = await finished(weft, runs.find((r) => r.dedupeKey?.endsWith(':m-1'))!.id);
    expect(first.status).toBe('succeeded');
    const out = (await viewOf(weft, first.id)).steps?.find((x) => x.nodeId === 'out')?.output;
    expect(out).toMatchObject({
      body: { id: 7 },
      headers: { tenant: 'acme', 'Nats-Msg-Id': 'm-1' },
      subject: `${s.subject}.created`,
      sequence: 1,
      stream: s.name,
    });
    const text = JSON.parse(runs.find((r) => r.dedupeKey?.endsWith(':seq:2'))!.trigger) as { body: unknown };
    expect(text.body).toBe('plain words');
  }, 30_000);

  it('acknowledges only once the run is stored: a failed store and a lost acknowledgement give one run', async () => {
    server = await testJetStream();
    const s = await server.stream('acks');
    const weft = await runtime();
    const real = weft.engine.startRun.bind(weft.engine);
    const calls: boolean[] = [];
    weft.engine.startRun = async (req) => {
      calls.push(true);
      if (calls.length === 1)
        throw new WeftError('store_unavailable', 'the store is not reachable', { retryable: true });
      const res = await real(req);
      // Stored, but the acknowledgement never reaches the server: the message comes again.
      if (calls.length === 2) throw new WeftError('store_unavailable', 'the answer was lost', { retryable: true });
      return res;
    };
    const durable = `${s.name}_c`;
    await deploy(weft, flow('acks', { in: consume({ stream: s.name, durable, ackWaitMs: 2_000 }) }, []));
    await server.publish(`${s.subject}.x`, { n: 1 }, 'a-1');
    await until(async () => (calls.length >= 3 ? true : null), 'the third delivery', 25_000);
    await drained(s.name, durable);
    const runs = await runsOf(weft, 'acks');
    expect(runs).toHaveLength(1);
    expect(JSON.parse(runs[0]!.trigger)).toMatchObject({ body: { n: 1 }, deliveryCount: 2, redelivered: true });
  }, 40_000);

  it('terminates messages that cannot start a run and publishes them to the dead-letter subject', async () => {
    server = await testJetStream();
    const s = await server.stream('poison');
    const dead = await server.stream('dead');
    const weft = await runtime();
    const durable = `${s.name}_c`;
    await deploy(
      weft,
      flow(
        'poison',
        {
          in: consume({
            stream: s.name,
            durable,
            requireJson: true,
            dedupe: 'body.id',
            deadLetterSubject: `${dead.subject}.orders`,
          }),
        },
        [],
      ),
    );
    await server.publish(`${s.subject}.a`, '{not json', 'p-1', { tenant: 'acme' });
    await server.publish(`${s.subject}.a`, { noId: true }, 'p-2');
    await server.publish(`${s.subject}.a`, { id: 'ok-1' }, 'p-3');
    await drained(s.name, durable);
    await until(
      async () => ((await server!.jsm.streams.info(dead.name)).state.messages === 2 ? true : null),
      'two dead letters',
    );
    const got = [1, 2].map(async (seq) => server!.jsm.streams.getMessage(dead.name, { seq }));
    const letters = await Promise.all(got);
    const byBody = new Map(letters.map((m) => [m!.string(), m!]));
    expect([...byBody.keys()].sort()).toEqual(['{"noId":true}', '{not json']);
    const bad = byBody.get('{not json')!;
    expect(bad.header.get('tenant')).toBe('acme');
    expect(bad.header.get('Weft-Dead-Letter-Reason')).toMatch(/not JSON/);
    expect(bad.header.get('Weft-Original-Subject')).toBe(`${s.subject}.a`);
    expect(byBody.get('{"noId":true}')!.header.get('Weft-Dead-Letter-Reason')).toMatch(/dedupe expression/);
    const runs = await until(async () => {
      const r = await runsOf(weft, 'poison');
      return r.length === 1 ? r : null;
    }, 'the one good run');
    expect(runs[0]!.dedupeKey).toBe(`nats:in:${s.name}:ok-1`);
    await drained(s.name, durable);
  }, 30_000);

  it('publishes once the stream acknowledged; a retried publish with the same message id is stored once', async () => {
    server = await testJetStream();
    const s = await server.stream('published');
    const weft = await runtime();
    const publish = {
      type: 'connector.nats',
      config: {
        connection: 'server',
        subject: `${s.subject}.out`,
        body: '={"order": $trigger.body.n}',
        headers: { from: 'weft' },
        expectStream: s.name,
      },
    };
    await deploy(weft, flow('sender', { in: n.manual(), send: publish }, ['in>send']));
    const plan = await weft.engine.planFor('sender', 1);
    const { runId } = await weft.engine.startRun({ plan, triggerNodeId: 'in', event: { body: { n: 5 } } });
    const run = await finished(weft, runId, 10_000);
    expect(run.status, run.error ?? '').toBe('succeeded');
    const sent = async (id: string) =>
      (await viewOf(weft, id)).steps?.find((x) => x.nodeId === 'send')?.output as {
        messageId: string;
        sequence: number;
        duplicate: boolean;
      };
    const first = await sent(runId);
    expect(first).toMatchObject({ stream: s.name, sequence: 1, duplicate: false });
    // A replay runs the step again with the same idempotency key: the stream keeps the message once.
    const replay = await weft.runOperations.replay(runId);
    expect((await finished(weft, replay.runId, 10_000)).status).toBe('succeeded');
    expect(await sent(replay.runId)).toMatchObject({ messageId: first.messageId, sequence: 1, duplicate: true });
    expect((await server.jsm.streams.info(s.name)).state.messages).toBe(1);
    const m = await server.jsm.streams.getMessage(s.name, { seq: 1 });
    expect(JSON.parse(m!.string())).toEqual({ order: 5 });
    expect(m!.header.get('from')).toBe('weft');
    expect(m!.header.get('Nats-Msg-Id')).toBe(first.messageId);
  }, 30_000);

  it('fails the publish step retryably when no stream takes the subject', async () => {
    server = await testJetStream();
    const weft = await runtime();
    const publish = {
      type: 'connector.nats',
      config: { connection: 'server', subject: 'weft_test_nowhere.x', ackTimeoutMs: 1_000, retry: { maxAttempts: 1 } },
    };
    await deploy(weft, flow('nowhere', { in: n.manual(), send: publish }, ['in>send']));
    const plan = await weft.engine.planFor('nowhere', 1);
    const { runId } = await weft.engine.startRun({ plan, triggerNodeId: 'in', event: { body: {} } });
    const run = await finished(weft, runId, 10_000);
    expect(run.status).toBe('failed');
    expect(JSON.parse(run.error!)).toMatchObject({ code: 'nats_not_acknowledged', retryable: true });
    expect(JSON.parse(run.error!).message).toMatch(/NATS publish to "weft_test_nowhere.x"/);
  }, 30_000);

  it('the static check names a missing connection and one that is not nats:// or tls://', async () => {
    const weft = await runtime();
    await weft.connections.create(
      { id: 'api', name: 'API', baseUrl: 'https://api.example.test', auth: { type: 'none' } },
      null,
    );
    const def = flow(
      'checked',
      {
        in: consume({ connection: 'missing', stream: 'S' }),
        send: { type: 'connector.nats', config: { connection: 'api', subject: 'a.b' } },
        ok: { type: 'connector.nats', config: { connection: 'server', subject: 'a.b' } },
      },
      ['in>send', 'send>ok'],
    );
    await weft.flows.create(def, null);
    const problems = await weft.flows.validate('checked');
    const messages = problems.filter((p) => p.severity === 'error').map((p) => `${p.nodeId}: ${p.message}`);
    const warnings = problems.filter((p) => p.severity === 'warning').map((p) => `${p.nodeId}: ${p.message}`);
    expect(warnings.join('\n')).toMatch(/in: .*there is no connection "missing"/);
    expect(messages.join('\n')).toMatch(/send: .*connection "api" is https:\/\/; NATS needs/);
    expect(messages.filter((m) => m.startsWith('ok:'))).toEqual([]);
  });
});
